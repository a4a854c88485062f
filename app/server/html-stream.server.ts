import { Transform } from 'node:stream';

/**
 * React 18.3's Node renderer (renderToPipeableStream) can write NUL bytes into the HTML: when a
 * multi-byte character does not fit at the end of its 2 KB buffer, it sends the whole buffer,
 * unused tail included (zeros), and writes the character into the next one
 * (https://github.com/facebook/react/issues/31134). Browsers read a NUL inside an attribute as
 * U+FFFD, so "••••1234" in an aria-label came out as "••��••1234" at some offsets. UTF-8 has no
 * 0x00 byte except U+0000 itself, which React never needs to write, so dropping every 0x00 gives
 * back exactly the bytes React meant. Chunks without one pass through untouched.
 */
export function withoutNulBytes(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (chunk.indexOf(0) === -1) {
        callback(null, chunk);
        return;
      }
      const out = Buffer.allocUnsafe(chunk.length);
      let length = 0;
      for (let start = 0; start < chunk.length;) {
        const nul = chunk.indexOf(0, start);
        const end = nul === -1 ? chunk.length : nul;
        length += chunk.copy(out, length, start, end);
        start = end + 1;
      }
      callback(null, out.subarray(0, length));
    },
  });
}
