/**
 * A count axis that reads at a glance: whole numbers only, from 0 to the first "nice" value at or
 * above the largest count (steps of 1, 2 or 5 times a power of ten), in at most `maxIntervals`
 * steps. One click gives 0–1, not a library's default 0–4 with the bar a quarter high; no data
 * gives 0–1 (a baseline that reads "0").
 */
export function integerAxis(
  max: number,
  maxIntervals = 4,
): { domain: [number, number]; ticks: number[] } {
  const top = Math.max(0, Math.ceil(Number.isFinite(max) ? max : 0));
  if (top === 0) return { domain: [0, 1], ticks: [0, 1] };
  let step = 1;
  for (let power = 1; ; power *= 10) {
    const fits = [1, 2, 5].map((f) => f * power).find((s) => Math.ceil(top / s) <= maxIntervals);
    if (fits !== undefined) {
      step = fits;
      break;
    }
  }
  const end = Math.ceil(top / step) * step;
  const ticks: number[] = [];
  for (let tick = 0; tick <= end; tick += step) ticks.push(tick);
  return { domain: [0, end], ticks };
}

/**
 * Whether a series is sparse enough that each non-zero point should carry its value (a bar's
 * count above it, a dot on the line): a few days with data in a long period otherwise read as
 * slivers on a flat line.
 */
export function isSparse(values: readonly number[], atMost = 7): boolean {
  return values.filter((v) => v > 0).length <= atMost;
}
