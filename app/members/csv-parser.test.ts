import { describe, expect, test } from 'vitest';
import { parseCsv } from './csv-parser';

const records = (text: string) => {
  const result = parseCsv(text);
  if (!result.ok) throw new Error(result.message);
  return result.records;
};

describe('parseCsv', () => {
  test('splits plain lines and fields, numbering lines from 1', () => {
    expect(records('a,b,c\n1,2,3\n')).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', '2', '3'] },
    ]);
  });

  test('quoted fields keep commas, doubled quotes and line breaks; line numbers follow the file', () => {
    const text = 'name,note\n"Park, Theo","He said ""hi"""\n"Multi\nline",x\nlast,"y"';
    expect(records(text)).toEqual([
      { line: 1, fields: ['name', 'note'] },
      { line: 2, fields: ['Park, Theo', 'He said "hi"'] },
      { line: 3, fields: ['Multi\nline', 'x'] },
      { line: 5, fields: ['last', 'y'] },
    ]);
  });

  test('CRLF and lone CR line ends, a byte-order mark and no final newline', () => {
    expect(records('\uFEFFname,email\r\nA,a@x.io\rB,b@x.io')).toEqual([
      { line: 1, fields: ['name', 'email'] },
      { line: 2, fields: ['A', 'a@x.io'] },
      { line: 3, fields: ['B', 'b@x.io'] },
    ]);
  });

  test('blank lines and rows of empty cells are skipped but still counted', () => {
    expect(records('h1,h2\r\n\r\nA,B\n,,\n   \nC,D\n\n')).toEqual([
      { line: 1, fields: ['h1', 'h2'] },
      { line: 3, fields: ['A', 'B'] },
      { line: 6, fields: ['C', 'D'] },
    ]);
  });

  test('empty fields, trailing commas and quotes inside unquoted fields', () => {
    expect(records('a,,c,\nO"Neil,5" tall')).toEqual([
      { line: 1, fields: ['a', '', 'c', ''] },
      { line: 2, fields: ['O"Neil', '5" tall'] },
    ]);
  });

  test('an unclosed quote is an error naming the line it starts on', () => {
    const result = parseCsv('name,email\nok,ok@x.io\n"Broken,b@x.io\nnext,n@x.io\n');
    expect(result).toMatchObject({ ok: false, line: 3 });
    expect(result.ok ? '' : result.message).toContain('never closed');
  });

  test('empty input has no records', () => {
    expect(records('')).toEqual([]);
    expect(records('\uFEFF\r\n\r\n')).toEqual([]);
  });
});
