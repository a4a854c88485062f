import { pruneDeliveries } from '../../app/connectors/deliveries.server';
import { defineTask } from '../define-task';

/** Daily: store connector deliveries are kept 30 days (decision 055). */
export default defineTask('connectors__prune_deliveries', async (_payload, helpers) => {
  const pruned = await pruneDeliveries();
  if (pruned > 0) helpers.logger.info(`pruned ${pruned} connector deliveries`);
});
