import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { batchRoutes, type BatchRoutes, type BatchScript } from './batch-routes';

/** A chat request as the test server saw it. */
export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | null;
  readonly body: ChatBody | null;
  /** When the request arrived (ms since epoch). */
  readonly at: number;
  /** How the server answered a chat request: 'ok', or the failure it played. Set when the answer goes out. */
  outcome?: string;
}

export interface ChatBody {
  readonly model: string;
  readonly messages: { role: string; content: string }[];
  readonly temperature?: number;
  readonly max_tokens?: number;
  readonly max_completion_tokens?: number;
  readonly seed?: number;
  readonly stop?: string | string[];
  readonly stream?: boolean;
  readonly n?: number;
}

/** A scripted reply: its text, or the text with the token count and finish reason to report. */
export type ScriptedReply = string | { readonly text: string; readonly completionTokens?: number; readonly finishReason?: 'stop' | 'length' };

/**
 * A scripted failure: an HTTP status (with Retry-After), `drop` (connection reset before any
 * byte), `malformed` (200 with a body that is not JSON), `truncated` (200 whose body stops
 * half-way) or `{ slowMs }` (the normal reply, after a delay, e.g. past the client's timeout).
 */
export type Failure =
  | { readonly status: number; readonly retryAfterSeconds?: number; readonly message?: string }
  | 'drop'
  | 'malformed'
  | 'truncated'
  | { readonly slowMs: number };

export interface TestServerOptions {
  /** Delay before each chat reply, in ms (default 0). */
  readonly latencyMs?: number;
  readonly models?: readonly string[];
  /** When set, requests must carry `Authorization: Bearer <apiKey>`, else 401 as OpenAI answers. */
  readonly apiKey?: string;
  /**
   * The reply for a request (default: a rating derived from the model and the prompt, with
   * noise). `stop` sequences are applied to it as OpenAI does. `choice` is which of the `n`
   * responses of the request this is (0 first).
   */
  readonly reply?: (body: ChatBody, nth: number, choice: number) => ScriptedReply;
  /**
   * What the server does with `n` > 1: `honour` (default) returns n choices as OpenAI does,
   * `ignore` returns one (as some compatible servers do), `refuse` answers 400 naming `n`.
   */
  readonly n?: 'honour' | 'ignore' | 'refuse';
  /** Enforce a requests-per-minute limit as OpenAI does: `x-ratelimit-*` headers on every reply, 429 with Retry-After past it. */
  readonly rateLimit?: { readonly rpm: number };
  /** A failure for this request, or null to answer normally (`nth` counts chat requests from 1). */
  readonly fail?: (body: ChatBody, nth: number) => Failure | null;
  /** The model id the reply reports, as OpenAI answers `gpt-4o` with a dated snapshot (default: the requested id). */
  readonly responseModel?: (requested: string) => string;
  /** How batches of the Batch API endpoints progress and fail (see BatchScript). */
  readonly batch?: BatchScript;
}

export interface TestServer {
  /** Base URL including `/v1`, as an SDK `baseURL`. */
  readonly url: string;
  readonly requests: SeenRequest[];
  /** The most chat requests the server was answering at once since the last reset. */
  readonly peakInFlight: number;
  /** The Batch API's files and batches as the server holds them. */
  readonly batches: BatchRoutes['state'];
  configure(options: Partial<TestServerOptions>): void;
  reset(): void;
  close(): Promise<void>;
}

/**
 * A local OpenAI-compatible server for tests and benchmarks: `GET /v1/models` and
 * `POST /v1/chat/completions` (JSON or server-sent events when `stream: true`), the Batch API's
 * files and batches endpoints (see batch-routes.ts), with CORS,
 * latency, an API key check and scripted replies and failures. Listens on 127.0.0.1 only.
 */
export async function startTestServer(initial: TestServerOptions = {}): Promise<TestServer> {
  let options: TestServerOptions = { models: ['test-model'], ...initial };
  const requests: SeenRequest[] = [];
  let chats = 0;
  let inFlight = 0;
  let peakInFlight = 0;
  /** Times of the requests accepted in the last minute, for `rateLimit`. */
  const accepted: number[] = [];

  const server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => {
      if (!res.headersSent) json(res, 500, { error: { message: error.message, type: 'server_error' } });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Headers', '*');
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
    res.setHeader('Access-Control-Expose-Headers', 'retry-after, x-request-id, x-ratelimit-limit-requests, x-ratelimit-remaining-requests, x-ratelimit-reset-requests');
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    const path = (req.url ?? '/').split('?')[0];
    const raw = await readBody(req);
    const body = raw && !/multipart/.test(req.headers['content-type'] ?? '') ? (JSON.parse(raw) as ChatBody) : null;
    const seen: SeenRequest = { method: req.method ?? 'GET', path, authorization: req.headers.authorization ?? null, body, at: Date.now() };
    requests.push(seen);

    if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      const given = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      return json(res, 401, {
        error: { message: `Incorrect API key provided: ${given.slice(0, 3)}***${given.slice(-2)}.`, type: 'invalid_request_error', code: 'invalid_api_key', param: null },
      });
    }
    if (req.method === 'GET' && path === '/v1/models') {
      return json(res, 200, { object: 'list', data: (options.models ?? []).map((id) => ({ id, object: 'model', created: 1700000000, owned_by: 'test' })) });
    }
    if (req.method === 'POST' && path === '/v1/chat/completions' && body) return chat(req, res, body, ++chats, seen);
    const batchAnswer = await batches.handle(req.method ?? 'GET', path, raw, req.headers['content-type'] ?? '');
    if (batchAnswer) return json(res, batchAnswer.status, batchAnswer.body, batchAnswer.contentType);
    json(res, 404, { error: { message: `Unknown route ${req.method} ${path}`, type: 'invalid_request_error' } });
  }

  async function chat(req: IncomingMessage, res: ServerResponse, body: ChatBody, nth: number, seen: SeenRequest): Promise<void> {
    peakInFlight = Math.max(peakInFlight, ++inFlight);
    res.on('close', () => inFlight--);
    if (!(options.models ?? []).includes(body.model)) {
      return json(res, 404, { error: { message: `The model \`${body.model}\` does not exist`, type: 'invalid_request_error', code: 'model_not_found' } });
    }
    const closed = new Promise<void>((resolve) => res.on('close', () => resolve()));
    if (options.latencyMs) await Promise.race([new Promise((r) => setTimeout(r, options.latencyMs)), closed]);
    if (res.destroyed) return;
    if (options.rateLimit) {
      const t = Date.now();
      while (accepted.length && accepted[0] <= t - 60_000) accepted.shift();
      const resetMs = accepted.length ? accepted[0] + 60_000 - t : 0;
      res.setHeader('x-ratelimit-limit-requests', String(options.rateLimit.rpm));
      res.setHeader('x-ratelimit-reset-requests', `${resetMs}ms`);
      if (accepted.length >= options.rateLimit.rpm) {
        res.setHeader('x-ratelimit-remaining-requests', '0');
        seen.outcome = '429';
        res.setHeader('retry-after', String(Math.ceil(resetMs / 1000)));
        return json(res, 429, { error: { message: `Rate limit reached: ${options.rateLimit.rpm} requests per minute`, type: 'requests', code: 'rate_limit_exceeded' } });
      }
      accepted.push(t);
      res.setHeader('x-ratelimit-remaining-requests', String(options.rateLimit.rpm - accepted.length));
    }
    const failure = options.fail?.(body, nth) ?? null;
    seen.outcome = failure === null ? 'ok' : typeof failure === 'string' ? failure : 'slowMs' in failure ? 'slow' : String(failure.status);
    if (failure === 'drop') return void req.socket.destroy();
    if (failure === 'malformed') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end('{"id": "chatcmpl-x", "choices": [ oops, this is not JSON');
    }
    if (failure === 'truncated') {
      const whole = JSON.stringify({ id: `chatcmpl-${nth}`, object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'cut' } }] });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(whole.length) });
      res.write(whole.slice(0, Math.floor(whole.length / 2)));
      return void setTimeout(() => req.socket.destroy(), 5);
    }
    if (failure && 'slowMs' in failure) {
      await Promise.race([new Promise((r) => setTimeout(r, failure.slowMs)), closed]);
      if (res.destroyed) return;
    } else if (failure) {
      if (failure.retryAfterSeconds !== undefined) res.setHeader('retry-after', String(failure.retryAfterSeconds));
      return json(res, failure.status, { error: { message: failure.message ?? `Scripted failure ${failure.status}`, type: 'server_error' } });
    }
    if ((body.n ?? 1) > 1 && options.n === 'refuse') {
      seen.outcome = '400';
      return json(res, 400, { error: { message: "Invalid value for 'n': this endpoint only supports n = 1.", type: 'invalid_request_error', param: 'n', code: 'invalid_value' } });
    }
    const { choices, usage } = repliesOf(body, nth);
    const id = `chatcmpl-${nth}`;
    const model = options.responseModel?.(body.model) ?? body.model;
    const created = Math.floor(Date.now() / 1000);
    if (body.stream) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
      for (const [index, { text, finishReason }] of choices.entries()) {
        const pieces = text.match(/\S+\s*|\s+/g) ?? [''];
        for (const piece of pieces) {
          res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [{ index, delta: { content: piece }, finish_reason: null }] })}\n\n`);
        }
        res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [{ index, delta: {}, finish_reason: finishReason }] })}\n\n`);
      }
      res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [], usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } })}\n\n`);
      return void res.end('data: [DONE]\n\n');
    }
    json(res, 200, completionOf(body, nth));
  }

  /** The `n` choices of a request (one unless `n` is honoured); the prompt's tokens are counted once. */
  function repliesOf(body: ChatBody, nth: number) {
    const count = options.n === 'ignore' ? 1 : Math.max(1, body.n ?? 1);
    const choices = Array.from({ length: count }, (_, i) => {
      const scripted = (options.reply ?? defaultReply)(body, nth, i);
      const { text, finishReason, completionTokens } = applyStop(typeof scripted === 'string' ? { text: scripted } : scripted, body.stop);
      return { text, finishReason, completionTokens: completionTokens ?? tokens(text) };
    });
    const usage = { prompt_tokens: tokens(body.messages.map((m) => m.content).join(' ')), completion_tokens: choices.reduce((n, c) => n + c.completionTokens, 0) };
    return { choices, usage };
  }

  /** A whole (non-streamed) chat completion, as the chat endpoint and batch output lines carry it. */
  function completionOf(body: ChatBody, nth: number) {
    const { choices, usage } = repliesOf(body, nth);
    return {
      id: `chatcmpl-${nth}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: options.responseModel?.(body.model) ?? body.model,
      choices: choices.map((c, index) => ({ index, message: { role: 'assistant', content: c.text }, finish_reason: c.finishReason, logprobs: null })),
      usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
    };
  }

  const batches = batchRoutes(
    (body) => {
      if (!(options.models ?? []).includes(body.model)) return { status: 404, body: { error: { message: `The model \`${body.model}\` does not exist`, type: 'invalid_request_error', code: 'model_not_found' } } };
      return { status: 200, body: completionOf(body, ++chats) };
    },
    () => options.batch ?? {},
  );

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    get peakInFlight() {
      return peakInFlight;
    },
    configure: (next) => (options = { ...options, ...next }),
    batches: batches.state,
    reset: () => {
      peakInFlight = inFlight;
      requests.length = 0;
      chats = 0;
      accepted.length = 0;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A rating from 1 to 10 that depends on the model and the prompt, so tasks and models differ,
 * plus a deterministic ±1 jitter from the request number, so repetitions vary like samples.
 */
export function defaultReply(body: ChatBody, nth = 0, choice = 0): string {
  const prompt = body.messages.map((m) => m.content).join('\n');
  const hash = (text: string) => {
    let h = 2166136261;
    for (const ch of text) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
    return h;
  };
  const base = 2 + (hash(`${body.model}\n${prompt}\n${body.seed ?? ''}`) % 7);
  return String(base + (hash(choice ? `${nth}.${choice}` : String(nth)) % 3) - 1);
}

/** Cuts the text before the first stop sequence, as the API does (the sequence is not returned). */
function applyStop(reply: Exclude<ScriptedReply, string>, stop: ChatBody['stop']): { text: string; finishReason: 'stop' | 'length'; completionTokens?: number } {
  let text = reply.text;
  let cut = false;
  for (const s of typeof stop === 'string' ? [stop] : (stop ?? [])) {
    const at = text.indexOf(s);
    if (at >= 0) {
      text = text.slice(0, at);
      cut = true;
    }
  }
  return { text, finishReason: reply.finishReason ?? 'stop', ...(reply.completionTokens !== undefined && !cut && { completionTokens: reply.completionTokens }) };
}

function tokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (data += chunk));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, value: unknown, contentType = 'application/json'): void {
  res.writeHead(status, { 'content-type': contentType });
  res.end(typeof value === 'string' ? value : JSON.stringify(value));
}
