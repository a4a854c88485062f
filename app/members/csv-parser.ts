/**
 * A CSV reader (RFC 4180, plus what spreadsheets really export): comma-separated fields, fields in
 * double quotes may hold commas, line breaks and doubled quotes (""), CRLF, LF or CR line ends, a
 * leading byte-order mark, and blank lines (skipped). Each record carries the line number it starts
 * on, so problems can be reported the way a spreadsheet user sees them.
 */
export interface CsvRecord {
  /** 1-based line of the file where the record starts. */
  line: number;
  fields: string[];
}

export type CsvParseResult =
  { ok: true; records: CsvRecord[] } | { ok: false; line: number; message: string };

export function parseCsv(input: string): CsvParseResult {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let quoteLine = 0;
  /** The current field started with a quote (so "" and separators inside it are literal). */
  let fieldWasQuoted = false;

  const endField = () => {
    fields.push(field);
    field = '';
    fieldWasQuoted = false;
  };
  const endRecord = () => {
    endField();
    // Blank lines, and rows of empty cells that spreadsheets leave at the end (",,,,"), are skipped.
    if (fields.some((f) => f.trim() !== '')) records.push({ line: recordLine, fields });
    fields = [];
  };

  // Runs of ordinary characters are copied in one slice rather than character by character.
  const plainRun = /[^,\r\n"]+/y;
  const quotedRun = /[^"\r\n]+/y;
  for (let i = 0; i < text.length; i++) {
    const run = quoted ? quotedRun : plainRun;
    run.lastIndex = i;
    const match = run.exec(text);
    if (match) {
      field += match[0];
      i += match[0].length - 1;
      continue;
    }
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        if (c === '\r' || c === '\n') {
          if (c === '\r' && text[i + 1] === '\n') {
            field += '\r\n';
            i++;
          } else {
            field += c;
          }
          line++;
          continue;
        }
        field += c;
      }
      continue;
    }
    if (c === '"' && field === '' && !fieldWasQuoted) {
      quoted = true;
      fieldWasQuoted = true;
      quoteLine = line;
      continue;
    }
    if (c === ',') {
      endField();
      continue;
    }
    if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
      continue;
    }
    // A quote in the middle of an unquoted field, or text after a closing quote, is kept as is.
    field += c;
  }
  if (quoted) {
    return {
      ok: false,
      line: quoteLine,
      message: `A quoted value that starts on line ${quoteLine} is never closed. Check for a missing " character.`,
    };
  }
  if (field !== '' || fields.length > 0 || fieldWasQuoted) endRecord();
  return { ok: true, records };
}
