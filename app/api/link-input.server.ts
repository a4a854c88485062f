/**
 * The API's link writes onto the links module: a member's main link on an offer through
 * `generateLinks` (Add Members: idempotent, a member keeps their link), a deep link through
 * `createDeepLink` (the offer's deep-link rules of SPEC §3; the same page twice is the same link).
 */
import { z } from 'zod';
import { generateLinks } from '../links/generate-links.server';
import { trackingUrl } from '../links/link-code.server';
import { createDeepLink, findLink, findMainLink } from '../links/offer-links.server';
import { findMember } from '../members/members.server';
import { getOffer } from '../offers/offers.server';
import { getLinkFigures } from '../reporting/figures.server';
import { emptyFigures } from '../reporting/figures';
import { ApiProblem, invalid, notFound, type FieldProblem } from './problem.server';
import {
  linkRepresentation,
  toFiguresRepresentation,
  toLinkRepresentation,
} from './representations';

export const LINKS_BULK_MAX = 100;

export const linkCreateBody = z
  .object({
    offer_id: z.string(),
    member_id: z.string(),
    payout_option_id: z.string().nullable().optional().meta({
      description: 'One of the offer’s payout options; the default one when left out.',
    }),
    deep_link: z.string().max(2000).nullable().optional().meta({
      description:
        'A page on the offer’s domain or additional domains (SPEC §3). Without it, the member’s main link on the offer (made once: asking again returns it).',
    }),
  })
  .meta({ id: 'LinkCreate' });

type LinkBody = z.output<typeof linkCreateBody>;

class ItemProblem extends Error {
  constructor(readonly problem: ApiProblem) {
    super(problem.detail);
  }
}

export async function linkRepresentationOf(brandId: string, linkId: string) {
  const link = await findLink(brandId, linkId);
  if (!link) throw notFound('link');
  const figures = (await getLinkFigures(brandId, [link.id])).get(link.id) ?? emptyFigures();
  return toLinkRepresentation(link, trackingUrl(link.code), toFiguresRepresentation(figures));
}

const fieldOf: Record<string, string> = {
  memberId: 'member_id',
  payoutOptionId: 'payout_option_id',
  deepLink: 'deep_link',
  form: '',
};

function problems(fieldErrors: Record<string, string[]>): FieldProblem[] {
  return Object.entries(fieldErrors).flatMap(([key, messages]) => {
    const field =
      fieldOf[key] ??
      (key.startsWith('payout.')
        ? 'payout_option_id'
        : key.startsWith('deepLink.')
          ? 'deep_link'
          : key);
    return messages.map((message) => ({ field, message }));
  });
}

/** Makes (or finds) the link; `created` says which. Throws problems (404 for foreign ids). */
async function create(brandId: string, body: LinkBody) {
  const offer = await getOffer(brandId, body.offer_id);
  if (!offer)
    throw new ItemProblem(
      new ApiProblem('not_found', 'No offer with this offer_id in this brand.'),
    );
  if (!(await findMember(brandId, body.member_id))) {
    throw new ItemProblem(
      new ApiProblem('not_found', 'No member with this member_id in this brand.'),
    );
  }
  const payoutOptionId =
    body.payout_option_id ?? offer.payouts.find((p) => p.isDefault)?.id ?? offer.payouts[0]?.id;
  if (body.deep_link?.trim()) {
    const result = await createDeepLink(brandId, offer.id, {
      memberId: body.member_id,
      deepLink: body.deep_link.trim(),
      payoutOptionId: payoutOptionId ?? '',
    });
    if (!result) throw new ItemProblem(notFound('offer'));
    if (!result.ok) throw new ItemProblem(invalid(problems(result.fieldErrors)));
    return { created: result.created, linkId: result.linkId };
  }
  const before = await findMainLink(brandId, offer.id, body.member_id);
  if (before) return { created: false, linkId: before.id };
  const result = await generateLinks(brandId, offer.id, [
    { memberId: body.member_id, payoutOptionId },
  ]);
  if (!result.ok) throw new ItemProblem(invalid(problems(result.fieldErrors)));
  const link = await findMainLink(brandId, offer.id, body.member_id);
  if (!link) throw new Error('generateLinks made no main link');
  return { created: result.created > 0, linkId: link.id };
}

export async function createLinkFromApi(brandId: string, body: LinkBody) {
  try {
    const { created, linkId } = await create(brandId, body);
    return { created, link: await linkRepresentationOf(brandId, linkId) };
  } catch (error) {
    if (error instanceof ItemProblem) throw error.problem;
    throw error;
  }
}

export const linksBulkBody = z
  .object({
    links: z
      .array(linkCreateBody)
      .min(1, 'Send at least one link.')
      .max(LINKS_BULK_MAX, `At most ${LINKS_BULK_MAX} links per call.`),
  })
  .meta({ id: 'LinksBulk' });

export const linksBulkResult = z
  .object({
    object: z.literal('bulk_result'),
    created: z.number().int(),
    existing: z.number().int(),
    failed: z.number().int(),
    results: z.array(
      z.object({
        index: z.number().int(),
        result: z.enum(['created', 'existing', 'failed']),
        link: linkRepresentation.optional(),
        errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
      }),
    ),
  })
  .meta({ id: 'LinksBulkResult' });

/** Each item on its own: good items are kept, bad ones say why. */
export async function bulkLinksFromApi(
  brandId: string,
  body: z.output<typeof linksBulkBody>,
): Promise<z.input<typeof linksBulkResult>> {
  const results: z.input<typeof linksBulkResult>['results'] = [];
  for (const [index, item] of body.links.entries()) {
    try {
      const { created, linkId } = await create(brandId, item);
      results.push({
        index,
        result: created ? 'created' : 'existing',
        link: await linkRepresentationOf(brandId, linkId),
      });
    } catch (error) {
      if (!(error instanceof ItemProblem)) throw error;
      results.push({
        index,
        result: 'failed',
        errors: error.problem.errors ?? [{ field: '', message: error.problem.detail }],
      });
    }
  }
  const count = (r: string) => results.filter((x) => x.result === r).length;
  return {
    object: 'bulk_result',
    created: count('created'),
    existing: count('existing'),
    failed: count('failed'),
    results,
  };
}
