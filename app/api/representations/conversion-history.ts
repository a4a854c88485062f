import { z } from 'zod';
import {
  conversionHistoryEntryRepresentation,
  conversionRepresentation,
  type ConversionHistoryEntryRepresentation,
} from './conversion';

/** A conversion with its status history, newest change first (as the audit log). */
export const conversionWithHistoryRepresentation = conversionRepresentation
  .extend({ history: z.array(conversionHistoryEntryRepresentation) })
  .meta({ id: 'ConversionWithHistory' });

type HistoryRow = {
  at: Date;
  fromStatus: ConversionHistoryEntryRepresentation['from'];
  toStatus: ConversionHistoryEntryRepresentation['to'];
  reason: ConversionHistoryEntryRepresentation['reason'];
  note: string | null;
  actorKind: ConversionHistoryEntryRepresentation['actor']['kind'];
  actorName: string | null;
  actorUserId?: string | null;
  actorApiKeyId: string | null;
  apiKeyName: string | null;
};

/** A row of app/conversions' status history as the API returns it: who is a person or a key. */
export function toHistoryEntry(h: HistoryRow): ConversionHistoryEntryRepresentation {
  const byKey = h.actorKind === 'api_key';
  return {
    from: h.fromStatus,
    to: h.toStatus,
    reason: h.reason,
    note: h.note,
    actor: {
      kind: h.actorKind,
      id: byKey ? h.actorApiKeyId : (h.actorUserId ?? null),
      name: byKey ? h.apiKeyName : h.actorName,
    },
    at: new Date(h.at).toISOString(),
  };
}
