/** Why a cell has no value. */
export type CellErrorKind = 'syntax' | 'runtime' | 'unknown-name' | 'cycle' | 'duplicate-name' | 'upstream';

/**
 * An error shown in place on a cell. `line` and `column` are 1-based and relative to the
 * cell's own source (not to any wrapper the runtime compiles it into).
 */
export class CellError extends Error {
  constructor(
    message: string,
    readonly kind: CellErrorKind,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = 'CellError';
  }
}

/** Wraps anything a computation threw as a runtime CellError, keeping CellErrors as they are. */
export function toCellError(error: unknown): CellError {
  if (error instanceof CellError) return error;
  if (error instanceof Error) return new CellError(error.message || error.name, 'runtime');
  return new CellError(String(error), 'runtime');
}
