/** Largest data file (CSV, JSON, Arrow, Parquet) an import reads, in bytes. */
export const MAX_DATA_FILE_BYTES = 50 * 1024 * 1024;

/** Largest notebook text file an import reads, in bytes. */
export const MAX_NOTEBOOK_FILE_BYTES = 5 * 1024 * 1024;

/** A size in words: `1.5 MB`, `800 KB`, `12 bytes`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/** Why a file of `size` bytes is too big, or null when it is not. */
export function sizeProblem(size: number, limit: number): string | null {
  return size > limit ? `it is ${formatBytes(size)}, over the limit of ${formatBytes(limit)}` : null;
}
