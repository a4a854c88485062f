/**
 * An event's `data`: the resource as the API shows it, made from the row the trigger saved
 * (`snapshot`, the row as PostgreSQL's to_jsonb wrote it) plus what the row does not say
 * (`extra`: a status change's from, to, reason and who).
 *
 * MERGE NOTE: when branch `api` (app/api/representations/) is merged, each function below should
 * call that branch's row→JSON function for its resource, so the webhook and the API show one shape.
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

export function conversionJson(r: Row) {
  return {
    object: 'conversion' as const,
    id: str(r.id),
    offer_id: str(r.offer_id),
    link_id: str(r.link_id),
    member_id: str(r.member_id),
    payout_option_id: str(r.payout_option_id),
    order_id: str(r.order_id),
    event: str(r.event),
    click_ref: str(r.click_ref),
    amount_minor: num(r.amount_minor),
    currency: str(r.currency),
    commission_minor: num(r.commission_minor),
    status: str(r.status),
    reject_reason: str(r.reject_reason),
    status_note: str(r.status_note),
    source: str(r.source),
    statement_id: str(r.statement_id),
    created_at: time(r.created_at),
    approved_at: time(r.approved_at),
    rejected_at: time(r.rejected_at),
    reversed_at: time(r.reversed_at),
  };
}

export function statementJson(r: Row) {
  return {
    object: 'statement' as const,
    id: str(r.id),
    member_id: str(r.member_id),
    period_start: str(r.period_start),
    period_end: str(r.period_end),
    currency: str(r.currency),
    amount_minor: num(r.amount_minor),
    status: str(r.status),
    paid_on: str(r.paid_on),
    payment_method: str(r.payment_method),
    payment_reference: str(r.payment_reference),
    paid_at: time(r.paid_at),
    created_at: time(r.created_at),
    updated_at: time(r.updated_at),
  };
}

export function adjustmentJson(r: Row) {
  return {
    object: 'adjustment' as const,
    id: str(r.id),
    member_id: str(r.member_id),
    conversion_id: str(r.conversion_id),
    statement_id: str(r.statement_id),
    amount_minor: num(r.amount_minor),
    currency: str(r.currency),
    note: str(r.note),
    created_at: time(r.created_at),
  };
}

export function memberJson(r: Row) {
  return {
    object: 'member' as const,
    id: str(r.id),
    name: str(r.name),
    email: str(r.email),
    instagram: str(r.instagram),
    tiktok: str(r.tiktok),
    archived: r.archived_at != null,
    archived_at: time(r.archived_at),
    created_at: time(r.created_at),
  };
}

export function linkJson(r: Row) {
  return {
    object: 'link' as const,
    id: str(r.id),
    offer_id: str(r.offer_id),
    member_id: str(r.member_id),
    payout_option_id: str(r.payout_option_id),
    code: str(r.code),
    deep_link: str(r.deep_link),
    label: str(r.label),
    created_at: time(r.created_at),
  };
}

export function offerJson(r: Row) {
  return {
    object: 'offer' as const,
    id: str(r.id),
    offer_number: num(r.offer_number),
    name: str(r.name),
    description: str(r.description),
    status: str(r.status),
    offer_url: str(r.offer_url),
    conversion_type: str(r.conversion_type),
    tracking_method: str(r.tracking_method),
    currency: str(r.currency),
    ends_at: time(r.ends_at),
    expired_at: time(r.expired_at),
    attribution_window_days: num(r.attribution_window_days),
    holding_period_days: num(r.holding_period_days),
    archived_at: time(r.archived_at),
    created_at: time(r.created_at),
    updated_at: time(r.updated_at),
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

/** The `data` of an event of `type`. */
export function eventData(type: string, snapshot: unknown, extra: unknown): unknown {
  const row = (snapshot ?? {}) as Row;
  const more = (extra ?? {}) as Row;
  switch (type) {
    case 'conversion.created':
      return conversionJson(row);
    case 'conversion.status_changed':
      return {
        ...conversionJson(row),
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
      return statementJson(row);
    case 'member.created':
    case 'member.updated':
      return memberJson(row);
    case 'link.created':
      return linkJson(row);
    case 'offer.updated':
      return offerJson(row);
    default:
      return more;
  }
}
