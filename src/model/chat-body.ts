import type { ChatMessage, SamplingParams } from './experiment';

/** Which parameter carries the completion-token limit: newer models take only `max_completion_tokens`. */
export type TokenParam = 'max_tokens' | 'max_completion_tokens';

/** The JSON body of a chat completion request, as sent to `/v1/chat/completions`. */
export interface ChatBodyJson {
  readonly model: string;
  readonly messages: { role: ChatMessage['role']; content: string }[];
  readonly temperature?: number;
  readonly max_tokens?: number;
  readonly max_completion_tokens?: number;
  readonly seed?: number;
  readonly stop?: string[];
  readonly n?: number;
}

/**
 * The request body of one call: the live provider and the Batch API's JSONL lines are built
 * by this one function, so a batched request is the live request.
 */
export function chatRequestBody(request: { readonly model: string; readonly messages: readonly ChatMessage[]; readonly params: SamplingParams }, tokenParam: TokenParam = 'max_tokens'): ChatBodyJson {
  const { params } = request;
  return {
    model: request.model,
    messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
    ...(params.temperature !== undefined && { temperature: params.temperature }),
    ...(params.maxTokens !== undefined && { [tokenParam]: params.maxTokens }),
    ...(params.seed !== undefined && { seed: params.seed }),
    ...(params.stop && { stop: [...params.stop] }),
    ...(params.n !== undefined && params.n > 1 && { n: params.n }),
  };
}
