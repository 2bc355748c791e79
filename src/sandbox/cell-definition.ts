import type { ExperimentSpec } from '../model';
import { assertNever } from '../model';
import { compileCell } from '../runtime/compile-cell';
import type { CellDefinition } from '../runtime/cell-graph';
import { validateSpec } from '../experiments/validate-spec';
import type { SandboxCell } from './protocol';
import { dataCellValue } from '../data-files/data-cell-value';

/** What the sandbox provides to code cells and experiment cells. */
export interface CellHost {
  /** Values in scope of every code cell (aq, op, Plot, stats …). */
  readonly scope: Readonly<Record<string, unknown>>;
  isGlobal(name: string): boolean;
  /** Called when an experiment cell's spec evaluates; returns the cell's value (its trial table). */
  experimentValue(spec: ExperimentSpec): unknown;
}

/**
 * Turns a named cell into a runtime definition. A cell that does not compile still gets a
 * definition, one that rejects with the syntax error, so the error shows in place.
 */
export function cellDefinition(cell: SandboxCell, host: CellHost): CellDefinition {
  switch (cell.kind) {
    case 'input': {
      const value = cell.value;
      return { name: cell.name, inputs: [], compute: () => value };
    }
    case 'query':
    case 'plot':
      return codeDefinition(cell.name, cell.source, 'expression-or-block', host, (v) => v);
    case 'experiment':
      return codeDefinition(cell.name, cell.source, 'expression', host, (v) => host.experimentValue(validateSpec(v)));
    case 'data': {
      const { name, source, table } = cell;
      return { name, inputs: [], compute: async () => dataCellValue(name, source, table) };
    }
    default:
      return assertNever(cell, 'cell');
  }
}

function codeDefinition(
  name: string,
  source: string,
  mode: 'expression' | 'expression-or-block',
  host: CellHost,
  finish: (value: unknown) => unknown,
): CellDefinition {
  const scopeNames = Object.keys(host.scope);
  let compiled: ReturnType<typeof compileCell>;
  try {
    compiled = compileCell(source, { mode, scope: scopeNames, isGlobal: (n) => host.isGlobal(n), cellName: name });
  } catch (error) {
    return { name, inputs: [], compute: () => Promise.reject(error) };
  }
  const inputs = compiled.references;
  return {
    name,
    inputs,
    compute: async (values, { signal }) => {
      const record: Record<string, unknown> = {};
      inputs.forEach((n, i) => (record[n] = values[i]));
      return finish(await compiled.evaluate(record, host.scope as Record<string, unknown>, signal));
    },
  };
}
