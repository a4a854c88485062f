import { useState } from 'react';

/**
 * Checkbox selection over a list of ids (the rows shown): one row at a time, or all of them.
 * Selected ids that are no longer shown (after a filter) do not count as selected.
 */
export function useSelection(shownIds: readonly string[], initial?: readonly string[]) {
  // `initial`: the ids a refused form had selected, so its page (without JavaScript too) keeps them.
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set(initial));
  const shownSelected = shownIds.filter((id) => selected.has(id));
  return {
    isSelected: (id: string) => selected.has(id),
    /** The shown ids that are selected. */
    ids: shownSelected,
    allSelected: shownIds.length > 0 && shownSelected.length === shownIds.length,
    toggle: (id: string, on: boolean) =>
      setSelected((prev) => {
        const next = new Set(prev);
        if (on) next.add(id);
        else next.delete(id);
        return next;
      }),
    toggleAll: (on: boolean) => setSelected(on ? new Set(shownIds) : new Set()),
  };
}
