import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Logger, parseCrontab, run, type Runner, type TaskList } from 'graphile-worker';
import pg from 'pg';
import authPruneSignInThrottle from './tasks/auth__prune_sign_in_throttle';
import clicksMaintainPartitions from './tasks/clicks__maintain_partitions';
import clicksPruneVisitors from './tasks/clicks__prune_visitors';
import connectorsPruneDeliveries from './tasks/connectors__prune_deliveries';
import creatorsSignInEmail from './tasks/creators__sign_in_email';
import teamInvitationEmail from './tasks/team__invitation_email';
import authPasswordResetEmail from './tasks/auth__password_reset_email';
import authEmailChangeEmail from './tasks/auth__email_change_email';
import linksEmail from './tasks/links__email';
import offersExpire from './tasks/offers__expire';
import reportingFold from './tasks/reporting__fold';
import reportingRebuildDaily from './tasks/reporting__rebuild_daily';
import payoutsRollup from './tasks/payouts__rollup';
import payoutsPaidEmail from './tasks/payouts__paid_email';
import conversionsBulkAction from './tasks/conversions__bulk_action';
import webhooksDeliver from './tasks/webhooks__deliver';
import webhooksDisabledEmail from './tasks/webhooks__disabled_email';
import type { TaskName } from '../app/jobs/task-names';

export const taskList: Record<TaskName, TaskList[string]> = {
  offers__expire: offersExpire,
  links__email: linksEmail,
  auth__prune_sign_in_throttle: authPruneSignInThrottle,
  clicks__maintain_partitions: clicksMaintainPartitions,
  clicks__prune_visitors: clicksPruneVisitors,
  connectors__prune_deliveries: connectorsPruneDeliveries,
  reporting__fold: reportingFold,
  reporting__rebuild_daily: reportingRebuildDaily,
  payouts__rollup: payoutsRollup,
  payouts__paid_email: payoutsPaidEmail,
  conversions__bulk_action: conversionsBulkAction,
  creators__sign_in_email: creatorsSignInEmail,
  team__invitation_email: teamInvitationEmail,
  auth__password_reset_email: authPasswordResetEmail,
  auth__email_change_email: authEmailChangeEmail,
  webhooks__deliver: webhooksDeliver,
  webhooks__disabled_email: webhooksDisabledEmail,
};

const crontabFile = path.join(path.dirname(fileURLToPath(import.meta.url)), 'crontab');

const logger = new Logger((scope) => (level, message) => {
  if (level === 'error' || level === 'warning') {
    console.error(`[worker${scope.taskIdentifier ? ` ${scope.taskIdentifier}` : ''}] ${message}`);
  }
});

export interface Worker {
  runner: Runner;
  stop: () => Promise<void>;
}

/**
 * Starts the graphile-worker runner. It gets its own pg.Pool with error listeners on the pool
 * and on each client: when PostgreSQL shuts down it terminates connections (57P01), and an
 * unhandled 'error' event would crash the process mid-shutdown.
 */
export async function startWorker(options: {
  connectionString: string;
  concurrency?: number;
  pollInterval?: number;
  crontab?: boolean;
}): Promise<Worker> {
  const pool = new pg.Pool({ connectionString: options.connectionString, max: 8 });
  const ignore = () => {};
  pool.on('error', ignore);
  pool.on('connect', (client) => client.on('error', ignore));
  const runner = await run({
    pgPool: pool,
    taskList,
    concurrency: options.concurrency ?? 4,
    pollInterval: options.pollInterval ?? 1000,
    noHandleSignals: true,
    logger,
    parsedCronItems:
      options.crontab === false ? [] : parseCrontab(readFileSync(crontabFile, 'utf8')),
  });
  // The rollup fold re-queues itself every couple of seconds; start the chain now rather than at
  // the next minute's cron run.
  await runner.addJob('reporting__fold', {}, { jobKey: 'reporting__fold', maxAttempts: 1 });
  return {
    runner,
    stop: async () => {
      await runner.stop();
      await pool.end();
    },
  };
}
