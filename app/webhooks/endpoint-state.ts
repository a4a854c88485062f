/** How the pages name an endpoint's state. */
export function endpointState(e: { enabled: boolean; disabledReason: string | null }): string {
  if (e.enabled) return 'Enabled';
  if (e.disabledReason === 'gone') return 'Disabled (the receiver answered 410 Gone)';
  if (e.disabledReason === 'failing') return 'Disabled (failing for 5 days)';
  return 'Disabled';
}
