import { checkSpecShape } from '../experiments/check-spec-shape';
import type { CellErrorData, FromSandbox, SandboxAsk, TipLine, ValueView } from './protocol';

/** A message from the sandbox after the check: the message rebuilt from checked fields, or what was wrong with it. */
export type CheckedFromSandbox =
  | { readonly ok: true; readonly message: FromSandbox }
  /** `id` is the cell the message named, when it named one as a string, so the error can show there. */
  | { readonly ok: false; readonly problem: string; readonly id?: string };

type Obj = Record<string, unknown>;

class Malformed extends Error {}

/**
 * Checks one message that claims to come from the sandbox against an allow-list of the protocol's
 * shapes. Everything from the sandbox's side may be forged by cell code, so nothing is trusted
 * for its type: an unknown type, a missing or mistyped field, or a design that does not fit
 * `checkSpecShape` gives a plain problem instead of an exception. Both the relay frame and the page
 * run it. A message type added to FromSandbox must be added here too.
 */
export function checkFromSandbox(value: unknown): CheckedFromSandbox {
  const m = (typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {}) as Obj;
  const id = typeof m.id === 'string' ? m.id : undefined;
  try {
    return { ok: true, message: rebuild(m) };
  } catch (error) {
    const problem = error instanceof Malformed ? error.message : `The sandbox sent a malformed design: ${(error as Error).message}`;
    return { ok: false, problem, ...(id !== undefined && { id }) };
  }
}

function rebuild(m: Obj): FromSandbox {
  switch (m.type) {
    case 'pending':
      return { type: 'pending', id: str(m.id) };
    case 'fulfilled':
      return { type: 'fulfilled', id: str(m.id), view: view(m.view) };
    case 'rejected':
      return { type: 'rejected', id: str(m.id), error: cellError(m.error) };
    case 'spec':
      return { type: 'spec', id: str(m.id), spec: checkSpecShape(m.spec) };
    case 'inputs':
      return { type: 'inputs', id: str(m.id), names: strings(m.names) };
    case 'settled':
      return { type: 'settled', requestId: int(m.requestId) };
    case 'inspected':
      // A console/test read-out: any structured-cloned data, shown as data.
      return { type: 'inspected', requestId: int(m.requestId), value: m.value };
    case 'ask':
      return { type: 'ask', requestId: int(m.requestId), ask: ask(m.ask) };
    case 'pong':
      return { type: 'pong', seq: int(m.seq) };
    case 'running':
      return { type: 'running', id: str(m.id) };
    default:
      throw new Malformed(`The sandbox sent a message of an unknown type (${typeof m.type === 'string' ? m.type.slice(0, 40) : typeof m.type}).`);
  }
}

function fail(what: string): never {
  throw new Malformed(`The sandbox sent a malformed message: ${what}.`);
}

function obj(x: unknown, what: string): Obj {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) fail(`${what} is not an object`);
  return x as Obj;
}

function str(x: unknown, what = 'a cell id'): string {
  if (typeof x !== 'string') fail(`${what} is not text`);
  return x;
}

function int(x: unknown): number {
  if (!Number.isSafeInteger(x)) fail('a request id is not a whole number');
  return x as number;
}

function strings(x: unknown): string[] {
  if (!Array.isArray(x)) fail('a list of names is not a list');
  return x.map((n) => str(n, 'a name'));
}

function view(x: unknown): ValueView {
  const v = obj(x, 'a view');
  switch (v.kind) {
    case 'undefined':
      return { kind: 'undefined' };
    case 'dom':
      // The page sanitises the HTML before it shows it.
      return { kind: 'dom', html: str(v.html, "a chart's HTML"), ...(v.tips !== undefined && { tips: tips(v.tips) }) };
    case 'json':
      return { ...v, kind: 'json', text: str(v.text, 'a preview') };
    case 'note':
      return { kind: 'note', text: str(v.text, 'a note') };
    case 'limit':
      return { kind: 'limit', message: str(v.message, "a limit's message") };
    case 'table': {
      if (!Array.isArray(v.rows) || !v.rows.every((r) => typeof r === 'object' && r !== null && !Array.isArray(r))) fail("a table's rows are not a list of records");
      if (!Number.isSafeInteger(v.numRows) || (v.numRows as number) < 0) fail("a table's row count is not a whole number");
      if (v.numColumns !== undefined && (!Number.isSafeInteger(v.numColumns) || (v.numColumns as number) < 0)) fail("a table's column count is not a whole number");
      return { ...v, kind: 'table', columns: strings(v.columns), rows: v.rows as Record<string, unknown>[], numRows: v.numRows as number };
    }
    case 'stat': {
      return { ...v, kind: 'stat', summary: statSummary(obj(v.summary, 'a statistics summary')), apa: str(v.apa, 'an APA sentence') };
    }
    default:
      return fail('a view of an unknown kind');
  }
}

/** A chart's tips: a list (one per tagged element) of lines, each two strings; shown as text only. */
function tips(x: unknown): TipLine[][] {
  if (!Array.isArray(x) || x.length > 5000) fail("a chart's tips are not a list of at most 5,000");
  return x.map((lines) => {
    if (!Array.isArray(lines) || lines.length > 50) fail("a chart's tip is not a list of at most 50 lines");
    return lines.map((line) => {
      if (!Array.isArray(line) || line.length !== 2) fail("a chart's tip line is not a label and a value");
      return [str(line[0], "a tip's label").slice(0, 200), str(line[1], "a tip's value").slice(0, 1000)] as const;
    });
  });
}

type Summary = Extract<ValueView, { kind: 'stat' }>['summary'];

/** Only the summary's known fields, each of its type: the page formats them as numbers. */
function statSummary(s: Obj): Summary {
  if (typeof s.kind !== 'string') fail("a statistics summary's kind is not text");
  const out: Obj = { kind: s.kind };
  const isNum = (x: unknown) => typeof x === 'number';
  for (const k of ['estimate', 'statistic', 'p', 'n']) if (isNum(s[k])) out[k] = s[k];
  for (const k of ['estimateName', 'statisticName']) if (typeof s[k] === 'string') out[k] = s[k];
  for (const k of ['ci95', 'df']) if (isNum(s[k]) || (Array.isArray(s[k]) && s[k].length === 2 && s[k].every(isNum))) out[k] = s[k];
  return out as unknown as Summary;
}

function cellError(x: unknown): CellErrorData {
  const e = obj(x, 'an error');
  const optionalNumber = (k: 'line' | 'column') => (typeof e[k] === 'number' && Number.isFinite(e[k]) ? { [k]: e[k] } : {});
  return { message: str(e.message, "an error's message"), ...(typeof e.kind === 'string' && { kind: e.kind }), ...optionalNumber('line'), ...optionalNumber('column') };
}

function ask(x: unknown): SandboxAsk {
  const a = obj(x, 'a request');
  if (a.method !== 'loadPaperData') fail('a request names an unknown method');
  if (a.baseUrl !== undefined && typeof a.baseUrl !== 'string') fail("a request's address is not text");
  return { method: 'loadPaperData', ...(a.baseUrl !== undefined && { baseUrl: a.baseUrl as string }) };
}
