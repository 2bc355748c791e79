import type { ChatBody } from './test-server';

/**
 * How batches progress on the test server. Time runs from `batches.create`: `validating` for
 * `validateMs`, then `in_progress` with requests completing evenly over `processMs`, then
 * `finalizing` for `finalizeMs`, then `completed`. `fail` sends a line to the error file
 * (`'error'`) or answers it with an HTTP status in the output file; past `expireAfterMs` an
 * unfinished batch is `expired` (what was done in the output file, the rest `batch_expired`).
 */
export interface BatchScript {
  readonly validateMs?: number;
  readonly processMs?: number;
  readonly finalizeMs?: number;
  readonly fail?: (customId: string, index: number, body: ChatBody) => 'error' | number | { readonly status: number; readonly message: string } | null;
  readonly expireAfterMs?: number;
  /** The batches' clock (default Date.now), so a test can step through the lifecycle. */
  readonly now?: () => number;
}

type Status = 'validating' | 'failed' | 'in_progress' | 'finalizing' | 'completed' | 'expired' | 'cancelling' | 'cancelled';

interface Line {
  readonly custom_id: string;
  readonly url: string;
  readonly body: ChatBody;
}

interface HeldBatch {
  readonly id: string;
  readonly inputFileId: string;
  readonly createdAt: number;
  readonly lines: readonly Line[];
  readonly script: BatchScript;
  /** Fixed once the batch ends: how many lines were processed, and the final status. */
  end: { status: Status; processed: number } | null;
  cancelRequestedAt: number | null;
  outputFileId: string | null;
  errorFileId: string | null;
  metadata: Record<string, string> | null;
  retrieves: number;
}

/** An answer the server sends: status, JSON value or text, and its content type. */
export interface RouteAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly contentType?: string;
}

/** The Batch API routes of the test server. */
export interface BatchRoutes {
  readonly state: { readonly files: Map<string, { filename: string; purpose: string; content: string }>; readonly batches: Map<string, HeldBatch> };
  handle(method: string, path: string, raw: string, contentType: string): Promise<RouteAnswer | null>;
}

/**
 * `POST /v1/files` (multipart, purpose `batch`), `GET /v1/files/:id/content`, `POST /v1/batches`,
 * `GET /v1/batches/:id` and `POST /v1/batches/:id/cancel`, answering each line with `answer`
 * (the chat endpoint's own reply), on a clock scripted by `script()`.
 */
export function batchRoutes(answer: (body: ChatBody) => { status: number; body: unknown }, script: () => BatchScript): BatchRoutes {
  const files = new Map<string, { filename: string; purpose: string; content: string }>();
  const batches = new Map<string, HeldBatch>();
  let ids = 0;
  const newId = (prefix: string) => `${prefix}-${Date.now().toString(36)}${(++ids).toString(36)}`;
  const error = (status: number, message: string): RouteAnswer => ({ status, body: { error: { message, type: 'invalid_request_error' } } });

  function progress(b: HeldBatch, now: number): { status: Status; processed: number } {
    if (b.end) return b.end;
    const { validateMs = 0, processMs = 0, finalizeMs = 0, expireAfterMs } = b.script;
    const done = (t: number) => Math.min(b.lines.length, Math.floor((b.lines.length * Math.max(0, t - b.createdAt - validateMs)) / Math.max(1, processMs)));
    if (b.cancelRequestedAt !== null) return { status: 'cancelling', processed: done(b.cancelRequestedAt) };
    const elapsed = now - b.createdAt;
    if (expireAfterMs !== undefined && elapsed >= expireAfterMs && elapsed < validateMs + processMs + finalizeMs) return { status: 'expired', processed: done(b.createdAt + expireAfterMs) };
    if (elapsed < validateMs) return { status: 'validating', processed: 0 };
    if (elapsed < validateMs + processMs) return { status: 'in_progress', processed: done(now) };
    if (elapsed < validateMs + processMs + finalizeMs) return { status: 'finalizing', processed: b.lines.length };
    return { status: 'completed', processed: b.lines.length };
  }

  /** Writes the output and error files of a batch that has just ended. */
  function finish(b: HeldBatch, status: Status, processed: number): void {
    b.end = { status, processed };
    const output: string[] = [];
    const errors: string[] = [];
    b.lines.forEach((line, i) => {
      const id = `batch_req_${b.id}_${i}`;
      if (i >= processed) {
        if (status === 'expired') errors.push(JSON.stringify({ id, custom_id: line.custom_id, response: null, error: { code: 'batch_expired', message: 'This request could not be executed before the completion window expired.' } }));
        if (status === 'cancelled') errors.push(JSON.stringify({ id, custom_id: line.custom_id, response: null, error: { code: 'batch_cancelled', message: 'This request was not executed because the batch was cancelled.' } }));
        return;
      }
      const failure = b.script.fail?.(line.custom_id, i, line.body) ?? null;
      if (failure === 'error') return void errors.push(JSON.stringify({ id, custom_id: line.custom_id, response: null, error: { code: 'server_error', message: 'Scripted batch line failure' } }));
      const reply = typeof failure === 'number' ? error(failure, `Scripted failure ${failure}`) : failure ? error(failure.status, failure.message) : answer(line.body);
      output.push(JSON.stringify({ id, custom_id: line.custom_id, response: { status_code: reply.status, request_id: `req_${i}`, body: reply.body }, error: null }));
    });
    const write = (lines: string[]) => {
      if (!lines.length) return null;
      const fileId = newId('file');
      files.set(fileId, { filename: `${b.id}.jsonl`, purpose: 'batch_output', content: lines.join('\n') + '\n' });
      return fileId;
    };
    b.outputFileId = write(output);
    b.errorFileId = write(errors);
  }

  const clock = () => (script().now ?? Date.now)();

  function view(b: HeldBatch, now = clock()) {
    let p = progress(b, now);
    if (!b.end && (p.status === 'completed' || p.status === 'expired')) finish(b, p.status, p.processed);
    p = b.end ?? p;
    // Requests processed so far that failed (error file or a non-200 answer); the unprocessed rest of an ended batch failed too.
    const failedLines = b.lines.slice(0, p.processed).filter((l, i) => b.script.fail?.(l.custom_id, i, l.body)).length;
    const terminal = b.end !== null;
    const unprocessed = terminal ? b.lines.length - p.processed : 0;
    return {
      id: b.id,
      object: 'batch',
      endpoint: '/v1/chat/completions',
      errors: null,
      input_file_id: b.inputFileId,
      completion_window: '24h',
      status: p.status,
      output_file_id: b.outputFileId,
      error_file_id: b.errorFileId,
      created_at: Math.floor(b.createdAt / 1000),
      ...(terminal && { [`${p.status}_at`]: Math.floor(now / 1000) }),
      request_counts: { total: b.lines.length, completed: p.processed - failedLines, failed: failedLines + unprocessed },
      metadata: b.metadata,
    };
  }
  async function handle(method: string, path: string, raw: string, contentType: string): Promise<RouteAnswer | null> {
    if (method === 'POST' && path === '/v1/files') {
      const form = await new Request('http://local/', { method: 'POST', headers: { 'content-type': contentType }, body: raw }).formData();
      const file = form.get('file');
      const purpose = String(form.get('purpose') ?? '');
      if (!(file instanceof Blob)) return error(400, 'Missing file');
      if (purpose !== 'batch') return error(400, `Unsupported purpose '${purpose}'`);
      const id = newId('file');
      const content = await file.text();
      files.set(id, { filename: (file as File).name ?? 'upload.jsonl', purpose, content });
      return { status: 200, body: { id, object: 'file', bytes: content.length, created_at: Math.floor(Date.now() / 1000), filename: (file as File).name, purpose, status: 'processed' } };
    }
    const content = /^\/v1\/files\/([^/]+)\/content$/.exec(path);
    if (method === 'GET' && content) {
      const file = files.get(content[1]);
      return file ? { status: 200, body: file.content, contentType: 'application/jsonl' } : error(404, `No such File object: ${content[1]}`);
    }
    if (method === 'POST' && path === '/v1/batches') {
      const body = JSON.parse(raw) as { input_file_id?: string; endpoint?: string; completion_window?: string; metadata?: Record<string, string> };
      const file = body.input_file_id ? files.get(body.input_file_id) : undefined;
      if (!file) return error(400, `No such File object: ${body.input_file_id}`);
      if (body.endpoint !== '/v1/chat/completions' || body.completion_window !== '24h') return error(400, 'Only /v1/chat/completions with a 24h window is supported');
      const lines = file.content.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Line);
      const held: HeldBatch = { id: newId('batch'), inputFileId: body.input_file_id!, createdAt: clock(), lines, script: script(), end: null, cancelRequestedAt: null, outputFileId: null, errorFileId: null, metadata: body.metadata ?? null, retrieves: 0 };
      batches.set(held.id, held);
      return { status: 200, body: view(held) };
    }
    const one = /^\/v1\/batches\/([^/]+)(\/cancel)?$/.exec(path);
    const held = one ? batches.get(one[1]) : undefined;
    if (one && !held) return error(404, `No such Batch object: ${one[1]}`);
    if (held && method === 'GET' && !one![2]) {
      held.retrieves++;
      if (held.cancelRequestedAt !== null && !held.end && held.retrieves > 1) finish(held, 'cancelled', progress(held, clock()).processed);
      return { status: 200, body: view(held) };
    }
    if (held && method === 'POST' && one![2]) {
      if (held.end) return error(400, `Cannot cancel a batch with status ${held.end.status}`);
      held.cancelRequestedAt ??= clock();
      held.retrieves = 0;
      return { status: 200, body: view(held) };
    }
    return null;
  }

  return { state: { files, batches }, handle };
}
