import { z } from 'zod';

/**
 * Payload schemas of every task, checked when the job runs: jobs outlive code versions, so a
 * payload is never trusted to have the shape the current code expects.
 */
export const taskPayloadSchemas = {
  offers__expire: z.object({ offerId: z.uuid().optional() }),
  links__email: z.object({ linkId: z.uuid(), requestId: z.string().min(1).max(100) }),
  auth__prune_sign_in_throttle: z.object({}).passthrough(),
  clicks__maintain_partitions: z.object({}).passthrough(),
  clicks__prune_visitors: z.object({}).passthrough(),
  connectors__prune_deliveries: z.object({}).passthrough(),
  reporting__fold: z.object({}),
  reporting__rebuild_daily: z.object({ brandId: z.uuid() }),
  /** No brand: the hourly run over every brand with work; a brand and run: "Run now". */
  payouts__rollup: z.object({ brandId: z.uuid().optional(), runId: z.uuid().optional() }),
  /** A payout (decision 036); a statement in jobs queued before payouts existed. */
  payouts__paid_email: z.union([
    z.object({ payoutId: z.uuid() }),
    z.object({ statementId: z.uuid() }),
  ]),
  /** "Every conversion matching the filter" over the threshold: the run holds the ids. */
  conversions__bulk_action: z.object({ runId: z.uuid() }),
  /** "Forgot your password?": the job finds the person (if any), makes the link, sends it. */
  auth__password_reset_email: z.object({
    email: z.string().min(3).max(254),
    requestId: z.string().min(1).max(100),
    requestedFrom: z.string().max(100).nullable(),
    requestedAt: z.string().max(40),
  }),
  /** A change of sign-in email: the confirmation link to the new address, a notice to the old. */
  auth__email_change_email: z.object({ changeId: z.uuid(), requestId: z.string().min(1).max(100) }),
  /** An invitation's email: the job makes the link's token, so only its hash is ever stored. */
  team__invitation_email: z.object({
    invitationId: z.uuid(),
    requestId: z.string().min(1).max(100),
  }),
  /** Sends an endpoint's waiting webhook deliveries, in order (app/webhooks/drain.server.ts). */
  webhooks__deliver: z.object({ endpointId: z.uuid() }),
  /** An endpoint disabled after 5 days of failures: its brand's admins are told. */
  webhooks__disabled_email: z.object({ endpointId: z.uuid(), disabledAt: z.string().max(40) }),
  creators__sign_in_email: z.object({
    email: z.string().min(3).max(254),
    requestId: z.string().min(1).max(100),
  }),
};

export type TaskName = keyof typeof taskPayloadSchemas;
export type TaskPayloads = { [K in TaskName]: z.input<(typeof taskPayloadSchemas)[K]> };
