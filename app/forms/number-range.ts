/**
 * A whole-number form field's allowed values, stated once (decision 038): the form's input
 * attributes (`min`, `max`, `step`) and the action's messages come from the same range, and a
 * refusal always says the range, telling "not a whole number" apart from "out of range".
 * Decimal amounts and percentages have theirs beside their parsers (app/money).
 */
export interface WholeNumberRange {
  min: number;
  max: number;
  /** What is counted, plural ("days"), when there is a unit. */
  unit?: string;
}

const grouped = (n: number) => n.toLocaleString('en-US');

/** "from 1 to 365 days", "from 1 to 999,999,999". */
export function wholeNumberRangeText(range: WholeNumberRange): string {
  return `from ${grouped(range.min)} to ${grouped(range.max)}${range.unit ? ` ${range.unit}` : ''}`;
}

export type ParsedWholeNumber = { ok: true; value: number } | { ok: false; message: string };

/**
 * `text` (trimmed) as a whole number within `range`; `noun` names the field in a sentence
 * ("the attribution window"). Empty text is "not a number" here: fields with a default or that
 * may be left empty decide that before calling.
 */
export function parseWholeNumber(
  text: string,
  range: WholeNumberRange,
  noun: string,
): ParsedWholeNumber {
  const value = text.trim().replace(/^\u2212/, '-'); // a typographic minus is a minus
  const rangeText = wholeNumberRangeText(range);
  if (!/^[+-]?\d{1,20}$/.test(value)) {
    return { ok: false, message: `Enter ${noun} as a whole number ${rangeText}.` };
  }
  const n = Number(value);
  const subject = noun.charAt(0).toUpperCase() + noun.slice(1);
  if (n < range.min) {
    return { ok: false, message: `${subject} must be ${rangeText}; ${value} is too low.` };
  }
  if (n > range.max) {
    return { ok: false, message: `${subject} must be ${rangeText}; ${value} is too high.` };
  }
  return { ok: true, value: n };
}

/** The input attributes that say the same range to the browser. */
export function wholeNumberInputProps(range: WholeNumberRange) {
  return {
    type: 'number',
    inputMode: 'numeric',
    min: range.min,
    max: range.max,
    step: 1,
  } as const;
}
