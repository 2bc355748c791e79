import OpenAI, { toFile } from 'openai';
import type { BatchInfo, BatchProvider, ChatRequest, ChatResult, Provider, ProviderConfig, RateLimitInfo } from '../model';
import { chatRequestBody, errorKindOfStatus, ProviderError, type ChatChoice, type TokenParam } from '../model';

/**
 * Base URLs that refused `n` > 1 with a 400, remembered for the page's lifetime: later calls
 * there ask for one response, and the runner sends the other repetitions as calls of their own.
 */
const refusesN = new Set<string>();

/**
 * The only importer of `openai`: chat completions and model lists from any OpenAI-compatible
 * endpoint, straight from the browser with the user's key. The SDK's own retries are off
 * (see withRetry); errors become ProviderErrors whose messages never contain the key.
 */
export function createOpenAIProvider(config: ProviderConfig): Provider {
  const client = openAIClient(config, { maxRetries: 0, timeout: config.timeoutMs ?? 60_000 });
  /** Some models (o-series, newer GPT) take only `max_completion_tokens`; learned on first refusal. */
  let tokenParam: TokenParam = 'max_tokens';
  const redact = (text: string) => (config.apiKey.length >= 4 ? text.split(config.apiKey).join('[API key]') : text);

  async function chatOnce(request: ChatRequest): Promise<ChatResult> {
    const started = performance.now();
    const { n: _n, ...single } = request.params;
    const body = chatRequestBody(refusesN.has(config.baseURL) ? { ...request, params: single } : request, tokenParam);
    if (config.stream) {
      const { data: stream, response } = await client.chat.completions.create({ ...body, stream: true, stream_options: { include_usage: true } }, { signal: request.signal }).withResponse();
      const parts: { text: string; finishReason: string | null }[] = [];
      let model: string | null = null;
      let usage: OpenAI.CompletionUsage | null | undefined = null;
      for await (const chunk of stream) {
        model ??= chunk.model ?? null;
        // With `n` > 1 the choices arrive interleaved, each chunk naming its index.
        for (const choice of chunk.choices) {
          const part = (parts[choice.index ?? 0] ??= { text: '', finishReason: null });
          if (choice.delta?.content) part.text += choice.delta.content;
          if (choice.finish_reason) part.finishReason = choice.finish_reason;
        }
        if (chunk.usage) usage = chunk.usage;
      }
      const got = parts.filter(Boolean);
      return { text: got[0]?.text ?? '', finishReason: got[0]?.finishReason ?? null, model, promptTokens: usage?.prompt_tokens ?? null, completionTokens: usage?.completion_tokens ?? null, latencyMs: performance.now() - started, ...rateLimitOf(response.headers), ...(got.length > 1 && { choices: got }) };
    }
    const { data: completion, response } = await client.chat.completions.create(body, { signal: request.signal }).withResponse();
    const all: ChatChoice[] = [...completion.choices].sort((a, b) => (a.index ?? 0) - (b.index ?? 0)).map((c) => ({ text: c.message?.content ?? '', finishReason: c.finish_reason ?? null }));
    const choice = all[0];
    return {
      ...(all.length > 1 && { choices: all }),
      text: choice?.text ?? '',
      finishReason: choice?.finishReason ?? null,
      promptTokens: completion.usage?.prompt_tokens ?? null,
      completionTokens: completion.usage?.completion_tokens ?? null,
      model: completion.model ?? null,
      latencyMs: performance.now() - started,
      ...rateLimitOf(response.headers),
    };
  }

  return {
    async chat(request) {
      try {
        return await chatOnce(request);
      } catch (error) {
        const refusedN = error instanceof OpenAI.BadRequestError && (request.params.n ?? 1) > 1 && !refusesN.has(config.baseURL) && (error.param === 'n' || /\bn\b/.test(error.message));
        if (refusedN) {
          refusesN.add(config.baseURL);
          try {
            return await chatOnce(request);
          } catch (retryError) {
            throw toProviderError(retryError, config.baseURL, redact);
          }
        }
        const wantsNewParam = error instanceof OpenAI.BadRequestError && /max_tokens/.test(error.message) && /max_completion_tokens/.test(error.message);
        if (wantsNewParam && tokenParam === 'max_tokens' && request.params.maxTokens !== undefined) {
          tokenParam = 'max_completion_tokens';
          try {
            return await chatOnce(request);
          } catch (retryError) {
            throw toProviderError(retryError, config.baseURL, redact);
          }
        }
        throw toProviderError(error, config.baseURL, redact);
      }
    },
    async listModels(signal) {
      try {
        const ids: string[] = [];
        for await (const model of client.models.list({ signal })) ids.push(model.id);
        return ids.sort();
      } catch (error) {
        throw toProviderError(error, config.baseURL, redact);
      }
    },
  };
}

/**
 * The Batch API of the same endpoint through the SDK: `files.create` (purpose `batch`),
 * `batches.create` (chat completions, 24h window), `batches.retrieve`, `batches.cancel` and
 * `files.content`. Errors become ProviderErrors without the key, as for chat.
 */
export function createOpenAIBatchProvider(config: ProviderConfig): BatchProvider {
  const client = openAIClient(config, { maxRetries: 2, timeout: config.timeoutMs ?? 120_000 });
  const redact = (text: string) => (config.apiKey.length >= 4 ? text.split(config.apiKey).join('[API key]') : text);
  const guarded = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      throw toProviderError(error, config.baseURL, redact);
    }
  };
  return {
    uploadBatchFile: (filename, jsonl) => guarded(async () => (await client.files.create({ file: await toFile(new TextEncoder().encode(jsonl), filename, { type: 'application/jsonl' }), purpose: 'batch' })).id),
    createBatch: (inputFileId, metadata) => guarded(async () => batchInfo(await client.batches.create({ input_file_id: inputFileId, endpoint: '/v1/chat/completions', completion_window: '24h', ...(metadata && { metadata: { ...metadata } }) }))),
    retrieveBatch: (id) => guarded(async () => batchInfo(await client.batches.retrieve(id))),
    cancelBatch: (id) => guarded(async () => batchInfo(await client.batches.cancel(id))),
    fileContent: (fileId) => guarded(async () => (await client.files.content(fileId)).text()),
  };
}

/**
 * The SDK's client for an endpoint. The key is optional: local servers (Ollama, LM Studio, vLLM)
 * need none, and then no Authorization header is sent. The SDK refuses to start without some key,
 * so it gets a placeholder that the null header keeps from ever leaving the browser.
 */
function openAIClient(config: ProviderConfig, options: { maxRetries: number; timeout: number }): OpenAI {
  const keyless = config.apiKey.trim() === '';
  return new OpenAI({
    apiKey: keyless ? 'no-key' : config.apiKey,
    baseURL: config.baseURL.replace(/\/+$/, ''),
    dangerouslyAllowBrowser: true,
    ...(keyless && { defaultHeaders: { Authorization: null } }),
    ...options,
  });
}

function batchInfo(batch: OpenAI.Batch): BatchInfo {
  return {
    id: batch.id,
    status: batch.status,
    inputFileId: batch.input_file_id,
    outputFileId: batch.output_file_id ?? null,
    errorFileId: batch.error_file_id ?? null,
    total: batch.request_counts?.total ?? 0,
    completed: batch.request_counts?.completed ?? 0,
    failed: batch.request_counts?.failed ?? 0,
    errors: (batch.errors?.data ?? []).map((e) => [e.code, e.line !== undefined && e.line !== null ? `line ${e.line}` : null, e.message].filter(Boolean).join(': ')),
  };
}

function toProviderError(error: unknown, baseURL: string, redact: (s: string) => string): ProviderError {
  if (error instanceof ProviderError) return error;
  if (error instanceof OpenAI.APIUserAbortError) return new ProviderError('Cancelled', 'aborted');
  if (error instanceof OpenAI.APIConnectionTimeoutError) return new ProviderError(`The request to ${baseURL} timed out`, 'timeout');
  if (error instanceof OpenAI.APIConnectionError) {
    return new ProviderError(
      `Could not reach ${baseURL}: ${redact(error.message)}. Check the URL, your connection, and that the server allows requests from this page (CORS).`,
      'network',
    );
  }
  if (error instanceof OpenAI.APIError) {
    const status = error.status ?? null;
    const retryAfter = retryAfterMs(error.headers);
    const detail = redact(error.message || 'no message');
    return new ProviderError(`${status ?? 'Error'} ${describeStatus(status)}: ${detail}`, errorKindOfStatus(status), status, retryAfter);
  }
  if (error instanceof Error && error.name === 'AbortError') return new ProviderError('Cancelled', 'aborted');
  // fetch reports a connection cut while the body arrives as a TypeError ("terminated", "network error", "Failed to fetch").
  if (error instanceof TypeError) return new ProviderError(`The connection to ${baseURL} broke off: ${redact(error.message)}`, 'network');
  // A 200 whose body is not JSON (a proxy's error page, a cut-off body): the server's fault, worth a retry.
  if (error instanceof SyntaxError) return new ProviderError(`${baseURL} sent a reply that is not valid JSON: ${redact(error.message)}`, 'server');
  return new ProviderError(redact(error instanceof Error ? error.message : String(error)), 'unknown');
}

function describeStatus(status: number | null): string {
  switch (errorKindOfStatus(status)) {
    case 'auth':
      return '(the API key was refused)';
    case 'not-found':
      return '(not found: check the base URL and the model id)';
    case 'rate-limit':
      return '(rate limited)';
    case 'server':
      return '(server error)';
    case 'bad-request':
      return '(the request was refused)';
    default:
      return '';
  }
}

function retryAfterMs(headers: Headers | undefined): number | null {
  const ms = headers?.get('retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Number(ms);
  const value = headers?.get('retry-after');
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : null;
}

/** Reads OpenAI-style `x-ratelimit-*` headers (limit, remaining, reset as "1s", "6m0s", "20ms"). */
function rateLimitOf(headers: Headers): { rateLimit?: RateLimitInfo } {
  const read = (kind: 'requests' | 'tokens') => {
    const num = (name: string) => {
      const v = headers.get(`x-ratelimit-${name}-${kind}`);
      return v !== null && Number.isFinite(Number(v)) ? Number(v) : null;
    };
    const reset = headers.get(`x-ratelimit-reset-${kind}`);
    const info = { limit: num('limit'), remaining: num('remaining'), resetMs: reset === null ? null : durationMs(reset) };
    return info.limit === null && info.remaining === null ? undefined : info;
  };
  const requests = read('requests');
  const tokens = read('tokens');
  return requests || tokens ? { rateLimit: { ...(requests && { requests }), ...(tokens && { tokens }) } } : {};
}

function durationMs(text: string): number | null {
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  let ms = 0;
  let matched = false;
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) {
    matched = true;
    ms += Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
  }
  return matched ? ms : null;
}
