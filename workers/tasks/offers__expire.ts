import { expireEndedOffers } from '../../app/offers/expiry.server';
import { defineTask } from '../define-task';

/** Marks offers whose end date has passed as expired: scheduled at each end date, and swept. */
export default defineTask('offers__expire', async (payload, helpers) => {
  const expired = await expireEndedOffers(payload.offerId);
  if (expired > 0) helpers.logger.info(`expired ${expired} offer(s)`);
});
