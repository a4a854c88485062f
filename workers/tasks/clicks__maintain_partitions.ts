import { maintainClickPartitions } from '../../app/tracking/click-partitions.server';
import { defineTask } from '../define-task';

/** Daily: the clicks partitions of the coming months, and retention (CLICK_RETENTION_MONTHS). */
export default defineTask('clicks__maintain_partitions', async (_payload, helpers) => {
  const { created, retention } = await maintainClickPartitions();
  if (created.length) helpers.logger.info(`created ${created.join(', ')}`);
  if (retention?.dropped.length) helpers.logger.info(`dropped ${retention.dropped.join(', ')}`);
});
