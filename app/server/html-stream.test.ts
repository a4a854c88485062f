import { PassThrough, type Readable } from 'node:stream';
import { createElement } from 'react';
import { renderToPipeableStream } from 'react-dom/server';
import { describe, expect, test } from 'vitest';
import { withoutNulBytes } from './html-stream.server';

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** Renders a page of many "••••1234" labels, as the creator's Conversions list has. */
function render(prefix: number, through?: () => NodeJS.ReadWriteStream) {
  const labels = Array.from({ length: 200 }, (_, i) =>
    createElement('li', { key: i, 'aria-label': `Conversion ••••${1000 + i}` }, `Order ••••${i}`),
  );
  const page = createElement('ul', null, createElement('li', null, 'x'.repeat(prefix)), labels);
  return new Promise<Buffer>((resolve, reject) => {
    const { pipe } = renderToPipeableStream(page, {
      onAllReady() {
        const out = new PassThrough();
        pipe(out);
        void bytesOf(through ? (out.pipe(through()) as unknown as Readable) : out).then(resolve);
      },
      onError: reject,
    });
  });
}

describe('withoutNulBytes', () => {
  test('React 18 writes NUL bytes at some buffer boundaries; the transform gives back the text', async () => {
    let sawNul = false;
    for (let prefix = 0; prefix < 12; prefix++) {
      const raw = await render(prefix);
      if (raw.includes(0)) sawNul = true;
      const fixed = await render(prefix, withoutNulBytes);
      expect(fixed.includes(0)).toBe(false);
      const html = new TextDecoder('utf-8', { fatal: true }).decode(fixed);
      expect(html.match(/aria-label="Conversion ••••\d{4}"/g)).toHaveLength(200);
      expect(fixed.equals(raw.filter((b) => b !== 0) as Buffer)).toBe(true);
    }
    // The bug this works around (if React stops writing NULs, the transform can go).
    expect(sawNul).toBe(true);
  });
});
