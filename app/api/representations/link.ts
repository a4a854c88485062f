import { z } from 'zod';
import type { links } from '../../../db/schema';
import { id, timestamp, toIso } from './common';
import { figuresRepresentation, type FiguresRepresentation } from './figures';

export const linkRepresentation = z
  .object({
    object: z.literal('link'),
    id: id('link'),
    offer_id: z.string(),
    member_id: z.string(),
    payout_option_id: z.string(),
    code: z.string().meta({ description: 'The short code of `/l/{code}`.' }),
    url: z.string().meta({ description: 'The tracking link to share.' }),
    deep_link: z.string().nullable().meta({
      description: 'A fixed destination on the offer’s domains, instead of the offer URL.',
    }),
    label: z.string().nullable(),
    created_by_creator: z.boolean(),
    created_at: timestamp('When the link was made.'),
    figures: figuresRepresentation.optional().meta({
      description: 'All-time figures (lists and `GET` of a link; not in webhook events).',
    }),
  })
  .meta({ id: 'Link' });

export type LinkRepresentation = z.infer<typeof linkRepresentation>;

export function toLinkRepresentation(
  link: typeof links.$inferSelect,
  trackingUrl: string,
  figures?: FiguresRepresentation,
): LinkRepresentation {
  return {
    object: 'link',
    id: link.id,
    offer_id: link.offerId,
    member_id: link.memberId,
    payout_option_id: link.payoutOptionId,
    code: link.code,
    url: trackingUrl,
    deep_link: link.deepLink,
    label: link.label,
    created_by_creator: link.createdByCreator,
    created_at: toIso(link.createdAt),
    ...(figures ? { figures } : {}),
  };
}
