import { stringify } from 'csv-stringify/sync';

export type CsvCell = string | number | bigint | null | undefined;

/**
 * A CSV file as a byte stream, written batch by batch from `batches` (e.g. a database cursor):
 * only one batch is in memory at a time, and the next one is read only when the reader asks for
 * more (pull), so a slow download slows the query instead of filling memory. The header row comes
 * first even when there are no rows. Cancelling the stream (the client went away) ends the source
 * iterator, which closes a cursor. Lines end with CRLF (RFC 4180, what spreadsheets expect).
 */
export function csvStream<Row>(
  header: readonly string[],
  batches: AsyncIterable<Row[]>,
  toCells: (row: Row) => readonly CsvCell[],
  options: { header?: boolean } = {},
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = batches[Symbol.asyncIterator]();
  let headerSent = options.header === false;
  const encode = (rows: readonly (readonly CsvCell[])[]) =>
    encoder.encode(
      stringify(
        rows.map((cells) => cells.map((cell) => (typeof cell === 'bigint' ? String(cell) : cell))),
        { record_delimiter: 'windows' },
      ),
    );
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const rows: (readonly CsvCell[])[] = [];
        if (!headerSent) {
          headerSent = true;
          rows.push(header);
        }
        const next = await iterator.next();
        if (!next.done) for (const row of next.value) rows.push(toCells(row));
        if (rows.length) controller.enqueue(encode(rows));
        if (next.done) controller.close();
      },
      async cancel() {
        await iterator.return?.();
      },
    },
    // Ask for one batch at a time: nothing is read ahead of the reader.
    { highWaterMark: 0 },
  );
}

/**
 * A text cell that is safe to open in a spreadsheet: one starting with =, +, -, @, tab or CR is
 * read as a formula by Excel and others (CSV injection), so it gets a leading apostrophe. Only for
 * free text (names, notes, order ids): numeric columns keep their minus sign.
 */
export function spreadsheetText(value: string | null | undefined): string {
  if (value == null) return '';
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** A download of a CSV stream, never cached, with a safe file name. */
export function csvDownload(filename: string, body: ReadableStream<Uint8Array>): Response {
  const safe = filename.replace(/[^A-Za-z0-9._-]+/g, '-');
  return new Response(body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${safe}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
