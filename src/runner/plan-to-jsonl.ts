import type { ChatBodyJson, PlannedTrial, TokenParam } from '../model';
import { chatRequestBody } from '../model';

/** One request line of a Batch API input file (OpenAI's format, also read by vLLM's batch runner). */
export interface BatchRequestLine {
  readonly custom_id: string;
  readonly method: 'POST';
  readonly url: '/v1/chat/completions';
  readonly body: ChatBodyJson;
}

/**
 * A trial plan as Batch API input lines: one chat completion per planned trial, `custom_id`
 * its stable plan key, the body exactly what the live provider sends for it.
 */
export function planToJsonl(plan: readonly PlannedTrial[], tokenParam: TokenParam = 'max_tokens'): string[] {
  const seen = new Set<string>();
  return plan.map((p) => {
    if (seen.has(p.key)) throw new Error(`Two planned trials share the key ${p.key}: a batch needs one custom_id per request`);
    seen.add(p.key);
    const line: BatchRequestLine = { custom_id: p.key, method: 'POST', url: '/v1/chat/completions', body: chatRequestBody(p, tokenParam) };
    return JSON.stringify(line);
  });
}
