import { parse, type Options } from 'acorn';
import { CellError } from './cell-error';
import { freeIdentifiers, type EsNode } from './free-identifiers';

/**
 * How a cell's source is read: `expression` is one expression (an object literal needs no
 * parentheses); `expression-or-block` is an expression, or else a function body whose
 * `return` gives the value. `await` works in both.
 */
export type CompileMode = 'expression' | 'expression-or-block';

export interface CompileOptions {
  readonly mode: CompileMode;
  /** Names the host provides to every cell (aq, op, Plot …); never cell inputs. */
  readonly scope: readonly string[];
  /** True for names the JavaScript environment provides (Math, JSON, …). */
  isGlobal(name: string): boolean;
  /** Used in stack traces (`cell-<name>.js`). */
  readonly cellName?: string;
}

/** A cell compiled once, evaluated each time its inputs change. */
export interface CompiledCell {
  /** Names of other cells this cell reads, in order of first use. */
  readonly references: readonly string[];
  evaluate(inputs: Readonly<Record<string, unknown>>, scope: Readonly<Record<string, unknown>>, signal: AbortSignal): Promise<unknown>;
}

type AsyncFunctionConstructor = new (...args: string[]) => (...args: unknown[]) => Promise<unknown>;
const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as AsyncFunctionConstructor;

const PARSE_OPTIONS: Options = {
  ecmaVersion: 'latest',
  sourceType: 'script',
  allowAwaitOutsideFunction: true,
  allowReturnOutsideFunction: true,
  locations: true,
};

/** Parses, analyses and compiles a cell; throws a syntax CellError with the cell's line and column. */
export function compileCell(source: string, options: CompileOptions): CompiledCell {
  const { body, program } = toFunctionBody(source, options.mode);
  const scopeNames = new Set([...options.scope, 'signal']);
  const references = freeIdentifiers(program).filter((n) => !scopeNames.has(n) && !options.isGlobal(n));
  const params = [...references, ...scopeNames];
  const file = `cell-${(options.cellName ?? 'anonymous').replace(/[^\w-]/g, '_')}.js`;
  const lineShift = body.lineShift;
  let fn: (...args: unknown[]) => Promise<unknown>;
  try {
    fn = new AsyncFunction(...params, `${body.text}\n//# sourceURL=${file}`);
  } catch (error) {
    throw new CellError((error as Error).message, 'syntax');
  }
  return {
    references,
    async evaluate(inputs, scope, signal) {
      const args = params.map((p) => (p === 'signal' ? signal : p in inputs ? inputs[p] : scope[p]));
      try {
        return await fn(...args);
      } catch (error) {
        throw runtimeError(error, file, lineShift);
      }
    },
  };
}

interface Body {
  readonly text: string;
  /** Lines the wrapper adds before the cell's first line. */
  readonly lineShift: number;
}

function toFunctionBody(source: string, mode: CompileMode): { body: Body; program: EsNode } {
  try {
    // The closing parenthesis goes on its own line so a trailing line comment cannot swallow it.
    const program = parse(`(${source}\n)`, PARSE_OPTIONS) as unknown as EsNode;
    if ((program.body as EsNode[]).length === 1) return { body: { text: `return (\n${source}\n);`, lineShift: 1 }, program };
  } catch (error) {
    if (mode === 'expression') throw syntaxError(error, source, 1);
  }
  if (mode === 'expression') throw new CellError('Expected a single expression', 'syntax', 1, 1);
  try {
    return { body: { text: source, lineShift: 0 }, program: parse(source, PARSE_OPTIONS) as unknown as EsNode };
  } catch (error) {
    throw syntaxError(error, source, 0);
  }
}

/** Acorn reports `(line, column)` of the wrapped text; column is 0-based there. */
function syntaxError(error: unknown, source: string, firstLineColumnShift: number): CellError {
  const e = error as Error & { loc?: { line: number; column: number } };
  const message = e.message.replace(/\s*\(\d+:\d+\)$/, '');
  if (!e.loc) return new CellError(message, 'syntax');
  const lines = source.split('\n').length;
  const line = Math.min(e.loc.line, lines);
  const column = e.loc.line === 1 ? Math.max(1, e.loc.column + 1 - firstLineColumnShift) : e.loc.column + 1;
  return new CellError(message, 'syntax', line, column);
}

let headerLines: number | null = null;

/** Lines the engine puts before a `new Function` body (2 in V8, 1 or 2 elsewhere), measured once. */
function functionHeaderLines(): number {
  if (headerLines !== null) return headerLines;
  try {
    const probe = new Function('return new Error("probe")\n//# sourceURL=cell-probe.js')() as Error;
    const match = /cell-probe\.js:(\d+):\d+/.exec(probe.stack ?? '');
    headerLines = match ? Number(match[1]) - 1 : 2;
  } catch {
    headerLines = 2;
  }
  return headerLines;
}

function runtimeError(error: unknown, file: string, lineShift: number): unknown {
  if (!(error instanceof Error)) return new CellError(String(error), 'runtime');
  if (error.name === 'AbortError') return error;
  const match = new RegExp(`${file.replace(/[.]/g, '\\.')}:(\\d+):(\\d+)`).exec(error.stack ?? '');
  const line = match ? Number(match[1]) - functionHeaderLines() - lineShift : undefined;
  const column = match ? Number(match[2]) : undefined;
  const cellError = new CellError(error.message || error.name, 'runtime', line && line > 0 ? line : undefined, line && line > 0 ? column : undefined);
  cellError.cause = error;
  return cellError;
}
