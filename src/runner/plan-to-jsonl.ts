import type { ChatBodyJson, PlannedTrial, TokenParam } from '../model';
import { chatRequestBody } from '../model';
import { groupCalls } from './group-calls';

/** One request line of a Batch API input file (OpenAI's format, also read by vLLM's batch runner). */
export interface BatchRequestLine {
  readonly custom_id: string;
  readonly method: 'POST';
  readonly url: '/v1/chat/completions';
  readonly body: ChatBodyJson;
}

/**
 * A trial plan as Batch API input lines: one chat completion per call the live runner would
 * make (repetitions sharing a request ask for `n` responses, see groupCalls), `custom_id` the
 * stable plan key of the call's first trial, the body exactly what the live provider sends.
 */
export function planToJsonl(plan: readonly PlannedTrial[], tokenParam: TokenParam = 'max_tokens'): string[] {
  const seen = new Set<string>();
  for (const p of plan) {
    if (seen.has(p.key)) throw new Error(`Two planned trials share the key ${p.key}: a batch needs one custom_id per request`);
    seen.add(p.key);
  }
  return groupCalls(plan).map((call) => {
    const [first] = call;
    const { n: _n, ...single } = first.params;
    const params = call.length > 1 ? { ...single, n: call.length } : single;
    const line: BatchRequestLine = { custom_id: first.key, method: 'POST', url: '/v1/chat/completions', body: chatRequestBody({ ...first, params }, tokenParam) };
    return JSON.stringify(line);
  });
}
