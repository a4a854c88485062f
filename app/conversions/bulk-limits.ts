/** The most conversions one action changes ("every conversion matching the filter"). */
export const BULK_LIMIT = 10_000;
/** More conversions than this matching the filter: the change runs as a job, with progress. */
export const BULK_JOB_THRESHOLD = 500;
