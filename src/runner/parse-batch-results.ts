import type { ChatResult } from '../model';
import { errorKindOfStatus, ProviderError } from '../model';

/** What one `custom_id` of a batch came back as: a reply, or a failure. */
export type BatchLineResult = { readonly kind: 'answered'; readonly result: ChatResult } | { readonly kind: 'failed'; readonly error: ProviderError };

/** Results by custom_id, and the lines that could not be read. */
export interface BatchResults {
  readonly byKey: ReadonlyMap<string, BatchLineResult>;
  readonly problems: readonly string[];
}

interface OutputLine {
  custom_id?: unknown;
  response?: { status_code?: number; body?: Record<string, unknown> } | null;
  error?: { code?: string; message?: string } | null;
}

/**
 * Reads Batch API output and error files (`{custom_id, response: {status_code, body}, error}`
 * per line; both may be given as one text). A 200 with a chat completion is a reply; a non-200
 * status or an `error` is a failure classified like a live HTTP error. When a key appears twice,
 * a reply wins over a failure.
 */
export function parseBatchResults(...texts: readonly (string | null | undefined)[]): BatchResults {
  const byKey = new Map<string, BatchLineResult>();
  const problems: string[] = [];
  for (const text of texts) {
    for (const [i, raw] of (text ?? '').split('\n').entries()) {
      const line = raw.trim();
      if (!line) continue;
      let parsed: OutputLine;
      try {
        parsed = JSON.parse(line) as OutputLine;
      } catch {
        problems.push(`Line ${i + 1} is not JSON: ${line.slice(0, 80)}`);
        continue;
      }
      if (typeof parsed.custom_id !== 'string') {
        problems.push(`Line ${i + 1} has no custom_id`);
        continue;
      }
      const result = readLine(parsed);
      if (byKey.get(parsed.custom_id)?.kind !== 'answered') byKey.set(parsed.custom_id, result);
    }
  }
  return { byKey, problems };
}

function readLine(line: OutputLine): BatchLineResult {
  const status = line.response?.status_code ?? null;
  const body = line.response?.body;
  if (status === 200 && body && Array.isArray(body.choices)) {
    const all = [...(body.choices as { index?: number; message?: { content?: string | null }; finish_reason?: string | null }[])].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
    const choice = all[0];
    const usage = body.usage as { prompt_tokens?: number; completion_tokens?: number } | undefined;
    return {
      kind: 'answered',
      result: {
        ...(all.length > 1 && { choices: all.map((c) => ({ text: c.message?.content ?? '', finishReason: c.finish_reason ?? null })) }),
        text: choice?.message?.content ?? '',
        finishReason: choice?.finish_reason ?? null,
        promptTokens: usage?.prompt_tokens ?? null,
        completionTokens: usage?.completion_tokens ?? null,
        model: typeof body.model === 'string' ? body.model : null,
        latencyMs: 0,
      },
    };
  }
  const bodyError = (body?.error as { message?: string } | undefined)?.message;
  const message = line.error?.message ?? bodyError ?? (status === 200 ? 'a 200 reply without a chat completion' : 'no message');
  const code = line.error?.code ? ` (${line.error.code})` : '';
  const kind = status === null ? (line.error?.code === 'batch_expired' ? 'timeout' : 'unknown') : errorKindOfStatus(status);
  return { kind: 'failed', error: new ProviderError(`Batch request failed${status ? ` with ${status}` : ''}${code}: ${message}`, kind, status) };
}
