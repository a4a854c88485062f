/** Who made a status change, as the conversion page and the audit log name them. */
export function actorLabel(
  h: {
    actorKind: string;
    actorName: string | null;
    actorEmail?: string | null;
    apiKeyName?: string | null;
  },
  options: { withEmail?: boolean } = {},
): string {
  if (h.actorKind === 'api_key') return `API key “${h.apiKeyName ?? 'deleted key'}”`;
  if (h.actorName) {
    return options.withEmail && h.actorEmail ? `${h.actorName} (${h.actorEmail})` : h.actorName;
  }
  if (h.actorKind === 'postback') return 'Reversal postback';
  if (h.actorKind === 'user') return 'A removed user';
  return 'Offerlink (automatic)';
}
