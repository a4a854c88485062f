import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { cursor } from '../../db/cursor';
import { writeWithBackpressure } from '../server/remix-handler.server';
import { csvDownload, csvStream, spreadsheetText } from './csv-stream.server';

/** Wraps batches to count how many the consumer has pulled and whether it was closed. */
function counted<T>(source: AsyncIterable<T[]>) {
  const stats = { batches: 0, returned: false };
  const iterable: AsyncIterable<T[]> = {
    [Symbol.asyncIterator]() {
      const inner = source[Symbol.asyncIterator]();
      return {
        async next() {
          const result = await inner.next();
          if (!result.done) stats.batches++;
          return result;
        },
        async return() {
          stats.returned = true;
          await inner.return?.();
          return { done: true, value: undefined };
        },
      };
    },
  };
  return { iterable, stats };
}

async function* inMemory<T>(batches: T[][]) {
  for (const batch of batches) yield batch;
}

describe('csvStream', () => {
  test('streams a cursor batch by batch; the file parses back to the rows, quotes and all', async () => {
    const rows = cursor<{ n: number; label: string; big: string }>(
      sql`select n, case when n % 7 = 0 then 'say "hi", ' || n else 'row ' || n end as label,
            (n::bigint * 1000000000000)::int8 as big
          from generate_series(1, 2500) as n order by n`,
      1000,
    );
    const { iterable, stats } = counted(rows);
    const stream = csvStream(['N', 'Label', 'Big'], iterable, (r) => [r.n, r.label, r.big]);
    const reader = stream.getReader();
    const first = await reader.read();
    // The header and the first batch: nothing read ahead of the reader.
    expect(stats.batches).toBe(1);
    const chunks = [first.value!];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
    }
    expect(stats.batches).toBe(3);
    const text = Buffer.concat(chunks).toString('utf8');
    expect(text.startsWith('N,Label,Big\r\n')).toBe(true);
    const parsed = parse(text, { columns: true }) as Record<string, string>[];
    expect(parsed).toHaveLength(2500);
    expect(parsed[6]).toEqual({ N: '7', Label: 'say "hi", 7', Big: '7000000000000' });
    expect(parsed[2499]).toEqual({ N: '2500', Label: 'row 2500', Big: '2500000000000000' });
    expect(text).toContain('"say ""hi"", 7"');
  });

  test('an empty result is a header-only file', async () => {
    const stream = csvStream(['A', 'B'], inMemory<[string, string]>([]), (r) => r);
    expect(await new Response(stream).text()).toBe('A,B\r\n');
  });

  test('cancelling the stream closes the cursor, and the connection serves the next query', async () => {
    const { iterable, stats } = counted(
      cursor<{ n: number }>(sql`select n from generate_series(1, 100000) as n`, 100),
    );
    const reader = csvStream(['N'], iterable, (r) => [r.n]).getReader();
    await reader.read();
    await reader.cancel();
    expect(stats.returned).toBe(true);
    expect(stats.batches).toBe(1);
    const [{ ok }] = await (
      await import('../../db/client')
    ).db.execute<{ ok: number }>(sql`select 1 as ok`);
    expect(ok).toBe(1);
  });

  test('a failing source fails the download instead of ending it as if complete', async () => {
    async function* failing() {
      yield [['1']];
      throw new Error('database went away');
    }
    const reader = csvStream(['N'], failing(), (r: string[]) => r).getReader();
    await reader.read();
    await expect(reader.read()).rejects.toThrow('database went away');
  });
});

describe('writeWithBackpressure', () => {
  test('reads the next chunk only after the socket took the last one', async () => {
    let pulls = 0;
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulls++;
          if (pulls > 5) controller.close();
          else controller.enqueue(new TextEncoder().encode(`chunk ${pulls}\n`));
        },
      },
      { highWaterMark: 0 },
    );
    const written: string[] = [];
    const pending: (() => void)[] = [];
    // A socket whose buffer holds one chunk and drains only when the test says so.
    const out = new Writable({
      highWaterMark: 1,
      write(chunk, _encoding, callback) {
        written.push(String(chunk));
        pending.push(callback);
      },
    });
    const done = writeWithBackpressure(body, out);
    await expect.poll(() => written.length).toBe(1);
    // Turn the event loop a few times: a writer ignoring backpressure would have read everything.
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(pulls).toBe(1);
    expect(written).toEqual(['chunk 1\n']);
    while (written.length < 5 || pending.length) {
      pending.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await done;
    expect(written).toEqual(['chunk 1\n', 'chunk 2\n', 'chunk 3\n', 'chunk 4\n', 'chunk 5\n']);
    expect(out.writableEnded).toBe(true);
  });

  test('a client that goes away cancels the stream', async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new Uint8Array(10));
      },
      cancel() {
        cancelled = true;
      },
    });
    const out = new Writable({ highWaterMark: 1, write() {} });
    const done = writeWithBackpressure(body, out);
    out.destroy();
    await done;
    expect(cancelled).toBe(true);
  });
});

describe('spreadsheetText and csvDownload', () => {
  test('text that a spreadsheet would run as a formula is neutralised', () => {
    expect(spreadsheetText('=HYPERLINK("http://x")')).toBe(`'=HYPERLINK("http://x")`);
    expect(spreadsheetText('+1')).toBe("'+1");
    expect(spreadsheetText('-2')).toBe("'-2");
    expect(spreadsheetText('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(spreadsheetText('Ann')).toBe('Ann');
    expect(spreadsheetText(null)).toBe('');
  });

  test('a download is an attachment with a safe name, never cached', () => {
    const response = csvDownload('statements 2026/12 "x".csv', new ReadableStream());
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="statements-2026-12-x-.csv"',
    );
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });
});
