/**
 * /api/v1/conversions: the brand's conversions with the Conversions page's filters (newest first,
 * keyset pages), and a conversion added by hand (the portal's Add conversion: same module, same
 * rules, recorded in the audit log under the API key).
 */
import { z } from 'zod';
import { conversionRowsAfter } from '~/conversions/conversion-list.server';
import { createManualConversion } from '~/conversions/manual-conversion.server';
import { conversionRow } from '~/conversions/conversion-list.server';
import { CONVERSION_SOURCES, CONVERSION_STATUSES } from '~/conversions/conversion-filter';
import { decodeCursor, pageOf, pageQuery } from '~/api/paging.server';
import { ApiProblem, fieldErrorProblems, invalid, notFound } from '~/api/problem.server';
import {
  conversionRepresentation,
  listOf,
  toConversionRepresentation,
} from '~/api/representations';
import { idFilter } from '~/api/params';
import { apiOperation, apiResource } from '~/api/route.server';
import { REJECT_REASONS } from '~/payouts/schemas';

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'A date as YYYY-MM-DD.')
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), 'A real date.');

const listConversionsQuery = pageQuery.extend({
  status: z.enum(CONVERSION_STATUSES).optional(),
  reject_reason: z.enum(REJECT_REASONS).optional(),
  offer_id: idFilter('offer'),
  member_id: idFilter('member'),
  source: z.enum(CONVERSION_SOURCES).optional(),
  created_from: day.optional().meta({ description: 'First day (UTC), included.' }),
  created_to: day.optional().meta({ description: 'Last day (UTC), included.' }),
  order_id: z.string().trim().max(200).optional(),
});

const createConversionBody = z
  .object({
    member_id: z.uuid('A member id.'),
    link_id: z.uuid('A link id of that member.'),
    order_id: z.string().trim().min(1, 'The order id.').max(200),
    amount: z
      .number()
      .int('Minor units: a whole number.')
      .min(0)
      .optional()
      .meta({ description: 'The sale in minor units of the offer’s currency.' }),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'A three-letter currency code, like USD.')
      .optional()
      .meta({ description: 'The offer’s currency (checked), when given.' }),
    occurred_at: z.iso
      .datetime({ offset: true, error: 'An ISO 8601 date-time, like 2026-12-05T08:30:00Z.' })
      .meta({ description: 'When the sale happened (not in the future, not before the link).' }),
    note: z.string().trim().max(1000).optional(),
  })
  .meta({ id: 'ConversionCreate' });

const API_FIELDS: Record<string, string> = {
  memberId: 'member_id',
  linkId: 'link_id',
  orderId: 'order_id',
  occurredAt: 'occurred_at',
};

const resource = apiResource('/conversions', [
  apiOperation({
    method: 'get',
    scope: 'conversions:read',
    operationId: 'listConversions',
    summary: 'List conversions',
    description:
      'Newest first, with the Conversions page’s filters. Days are whole UTC days, both ends included.',
    tags: ['Conversions'],
    query: listConversionsQuery,
    response: listOf(conversionRepresentation, 'ConversionList'),
    handler: async ({ caller, query }) => {
      const rows = await conversionRowsAfter(
        caller.brandId,
        {
          status: query.status,
          rejectReason: query.reject_reason,
          offerId: query.offer_id,
          memberId: query.member_id,
          source: query.source,
          from: query.created_from,
          to: query.created_to,
          orderId: query.order_id || undefined,
        },
        decodeCursor(query.starting_after),
        query.limit,
      );
      return pageOf(rows, query.limit, toConversionRepresentation);
    },
  }),
  apiOperation({
    method: 'post',
    scope: 'conversions:write',
    operationId: 'createConversion',
    summary: 'Add a conversion by hand',
    description:
      'An order the tracking missed, attributed to one of the member’s links; its commission is the link’s payout option’s, status `pending`. A duplicate order id for the offer is refused.',
    tags: ['Conversions'],
    body: createConversionBody,
    response: conversionRepresentation,
    status: 201,
    example: {
      member_id: '0192f1c4-8a3e-7cc1-9b51-5f2c1d1e8a10',
      link_id: '0192f1c4-8a3e-7cc1-9b51-5f2c1d1e8a11',
      order_id: 'ORDER-1001',
      amount: 8000,
      occurred_at: '2026-12-05T08:30:00Z',
    },
    handler: async ({ caller, body }) => {
      const occurredAt = new Date(body.occurred_at).toISOString().slice(0, 19);
      const result = await createManualConversion(
        caller.brandId,
        { kind: 'api_key', apiKeyId: caller.apiKeyId },
        {
          memberId: body.member_id,
          linkId: body.link_id,
          orderId: body.order_id,
          amount: undefined,
          amountMinor: body.amount,
          currency: body.currency,
          occurredAt,
          note: body.note || undefined,
        },
      );
      if (!result.ok && result.notFound) {
        throw notFound('member with that link');
      }
      if (!result.ok) {
        const errors = fieldErrorProblems(
          Object.fromEntries(
            Object.entries(result.fieldErrors).map(([f, m]) => [API_FIELDS[f] ?? f, m]),
          ),
        );
        // A repeated order is a conflict with an existing conversion, not a malformed field.
        if (errors.length === 1 && errors[0].field === 'order_id') {
          throw new ApiProblem('conflict', errors[0].message, errors);
        }
        throw invalid(errors);
      }
      const row = await conversionRow(caller.brandId, result.conversionId);
      return toConversionRepresentation(row!);
    },
  }),
]);

export const loader = resource.loader;
export const action = resource.action;
