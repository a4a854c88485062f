import { useState } from 'react';

let rowCounter = 0;
const rowKey = () => `row-${rowCounter++}`;

export type Row<T> = T & { key: string };

/**
 * A list of form rows the user adds and removes (payout options, domains): each row gets a
 * stable React key, so typing in one row never moves focus to another.
 */
export function useRows<T extends object>(initial: () => T[]) {
  const [rows, setRows] = useState<Row<T>[]>(() =>
    initial().map((row) => ({ ...row, key: rowKey() })),
  );
  return {
    rows,
    add: (row: T) => setRows((current) => [...current, { ...row, key: rowKey() }]),
    update: (index: number, patch: Partial<T>) =>
      setRows((current) => current.map((row, i) => (i === index ? { ...row, ...patch } : row))),
    remove: (index: number) => setRows((current) => current.filter((_, i) => i !== index)),
  };
}
