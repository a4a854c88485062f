/**
 * A member's conversions are counted up to this many (a busy creator has hundreds of thousands:
 * counting them all cost the member page 130 ms at 30M clicks); past it the page says "10,000+".
 */
export const CONVERSION_COUNT_CAP = 10_000;
