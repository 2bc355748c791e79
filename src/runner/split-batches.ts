/** A provider's limits on one batch input file. */
export interface BatchLimits {
  readonly maxRequests: number;
  readonly maxBytes: number;
}

/** OpenAI's limits: 50,000 requests and 200 MB per input file. */
export const OPENAI_BATCH_LIMITS: BatchLimits = { maxRequests: 50_000, maxBytes: 200 * 1024 * 1024 };

/**
 * Splits JSONL lines into as few files as the limits allow, in order (each file the lines
 * joined by newlines, bytes counted as UTF-8 with the newline). A line too big for any file is an error.
 */
export function splitBatches(lines: readonly string[], limits: BatchLimits = OPENAI_BATCH_LIMITS): string[][] {
  const encoder = new TextEncoder();
  const batches: string[][] = [];
  let current: string[] = [];
  let bytes = 0;
  for (const line of lines) {
    const size = encoder.encode(line).length + 1;
    if (size > limits.maxBytes) throw new Error(`One request is ${size} bytes, more than a batch file may hold (${limits.maxBytes} bytes)`);
    if (current.length >= limits.maxRequests || bytes + size > limits.maxBytes) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(line);
    bytes += size;
  }
  if (current.length) batches.push(current);
  return batches;
}
