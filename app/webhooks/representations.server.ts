import { getTableColumns, type Table } from 'drizzle-orm';
import { conversions, links, members, offers, promoCodes, statements } from '../../db/schema';
import {
  toConversionRepresentation,
  toLinkRepresentation,
  toMemberRepresentation,
  toOfferRepresentation,
  toPromoCodeRepresentation,
  toRefundedConversionRepresentation,
  toStatementRepresentation,
} from '../api/representations';
import { trackingUrl } from '../links/link-code.server';
import { memberProjectIds } from '../members/members.server';
import { getOffer } from '../offers/offers.server';
import { offerPromoDiscount } from '../promo-codes/promo-codes.server';

/**
 * An event's `data`: the resource as the API returns it (the same functions of
 * app/api/representations), made from the row the trigger saved (`snapshot`, the row as
 * PostgreSQL's to_jsonb wrote it) plus what the row does not say (`extra`: a status change's from,
 * to, reason and who). What lives in other tables (a member's projects, an offer's payout options)
 * is read when the data is made, at the first attempt.
 */
type Row = Record<string, unknown>;

/** PostgreSQL's timestamptz text (`2026-12-05 07:40:52.12+00` / ISO) as ISO 8601 UTC. */
function time(value: unknown): string | null {
  if (value == null) return null;
  const date = new Date(String(value));
  return Number.isNaN(date.getTime()) ? String(value) : date.toISOString();
}

function num(value: unknown): number | null {
  return value == null ? null : Number(value);
}

function str(value: unknown): string | null {
  return value == null ? null : String(value);
}

/** The snapshot (column names, JSON values) as the row drizzle would have selected. */
function rowOf<T extends Table>(table: T, snapshot: Row): T['$inferSelect'] {
  const out: Row = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const value = snapshot[column.name];
    out[key] = value == null ? null : column.dataType === 'date' ? new Date(String(value)) : value;
  }
  return out as T['$inferSelect'];
}

export function adjustmentJson(r: Row) {
  return {
    object: 'adjustment' as const,
    id: str(r.id),
    member_id: str(r.member_id),
    conversion_id: str(r.conversion_id),
    statement_id: str(r.statement_id),
    amount: num(r.amount_minor),
    currency: str(r.currency),
    note: str(r.note),
    created_at: time(r.created_at),
  };
}

/** A status change's `who`: a person, an API key, the system (the rollup) or a postback. */
function who(extra: Row) {
  const w = (extra.who ?? {}) as Row;
  const type = str(w.type) ?? 'system';
  const id = str(w.id);
  if (type === 'user') return { type: 'user' as const, user_id: id };
  if (type === 'api_key') return { type: 'api_key' as const, api_key_id: id };
  return { type };
}

/** What a batch read once for all its events (eventsData), instead of once per event. */
interface Known {
  /** Members' project ids, for every member of the batch's member events. */
  memberProjects?: Map<string, string[]>;
}

const MEMBER_EVENTS = new Set(['member.created', 'member.updated']);

/** The `data` of an event of `type` in brand `brandId`. */
export async function eventData(
  brandId: string,
  type: string,
  snapshot: unknown,
  extra: unknown,
  known: Known = {},
): Promise<unknown> {
  const row = (snapshot ?? {}) as Row;
  const more = (extra ?? {}) as Row;
  switch (type) {
    case 'conversion.created':
      return toConversionRepresentation(rowOf(conversions, row));
    case 'conversion.status_changed':
      return {
        ...toConversionRepresentation(rowOf(conversions, row)),
        status_change: {
          from: str(more.from),
          to: str(more.to),
          reason: str(more.reason),
          note: str(more.note),
          who: who(more),
          at: time(more.at),
        },
      };
    case 'commission.clawback_created':
      return adjustmentJson(row);
    case 'statement.created':
    case 'statement.paid':
      return toStatementRepresentation(rowOf(statements, row));
    case 'member.created':
    case 'member.updated': {
      const member = rowOf(members, row);
      const projects = known.memberProjects ?? (await memberProjectIds(brandId, [member.id]));
      return toMemberRepresentation(member, projects.get(member.id) ?? []);
    }
    case 'link.created': {
      const link = rowOf(links, row);
      return toLinkRepresentation(link, trackingUrl(link.code));
    }
    case 'offer.updated': {
      const offer = rowOf(offers, row);
      const current = await getOffer(brandId, offer.id);
      return toOfferRepresentation(offer, current?.payouts ?? []);
    }
    case 'promo_code.created':
    case 'promo_code.deactivated': {
      const code = rowOf(promoCodes, row);
      return toPromoCodeRepresentation(code, await offerPromoDiscount(brandId, code.offerId));
    }
    case 'conversion.refunded':
      // `extra` is the conversion_refunds row (to_jsonb), the snapshot the conversion it changed.
      return toRefundedConversionRepresentation(
        toConversionRepresentation(rowOf(conversions, row)),
        {
          ref: String(more.ref),
          saleMinor: Number(more.sale_minor),
          full: more.full_refund === true,
          commissionBeforeMinor: num(more.commission_before_minor),
          commissionAfterMinor: num(more.commission_after_minor),
          createdAt: new Date(String(more.created_at)),
        },
      );
    default:
      return more;
  }
}

/**
 * The `data` of several events of one brand (a batch of deliveries), each as eventData makes
 * it; what other tables add is read once for the batch (the members' projects: one query).
 */
export async function eventsData(
  brandId: string,
  events: { type: string; snapshot: unknown; extra: unknown }[],
): Promise<unknown[]> {
  const memberIds = new Set(
    events
      .filter((e) => MEMBER_EVENTS.has(e.type))
      .map((e) => str(((e.snapshot ?? {}) as Row).id))
      .filter((id): id is string => id !== null),
  );
  const known: Known =
    memberIds.size > 0 ? { memberProjects: await memberProjectIds(brandId, [...memberIds]) } : {};
  const data: unknown[] = [];
  for (const e of events) data.push(await eventData(brandId, e.type, e.snapshot, e.extra, known));
  return data;
}
