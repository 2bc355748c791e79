/** A string that the type system keeps apart from other strings of the same shape. */
export type Brand<T, B extends string> = T & { readonly __brand: B };

/** Identifies a notebook (shipped notebooks use their file slug, user notebooks a random id). */
export type NotebookId = Brand<string, 'NotebookId'>;
/** Identifies a cell within a notebook; stable across edits and saves. */
export type CellId = Brand<string, 'CellId'>;
/** Identifies one execution of an experiment cell. */
export type RunId = Brand<string, 'RunId'>;
/** Identifies one model call (one trial row). */
export type TrialId = Brand<string, 'TrialId'>;
/** Identifies a configured LLM endpoint. */
export type EndpointId = Brand<string, 'EndpointId'>;

function randomId(prefix: string): string {
  const bytes = new Uint8Array(8);
  globalThis.crypto.getRandomValues(bytes);
  return prefix + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export const newNotebookId = (): NotebookId => randomId('nb_') as NotebookId;
export const newCellId = (): CellId => randomId('c_') as CellId;
export const newRunId = (): RunId => randomId('run_') as RunId;
export const newTrialId = (): TrialId => randomId('t_') as TrialId;
export const newEndpointId = (): EndpointId => randomId('ep_') as EndpointId;

/** Casts a trusted string (e.g. read back from storage) to a branded id. */
export const asNotebookId = (s: string): NotebookId => s as NotebookId;
export const asCellId = (s: string): CellId => s as CellId;
export const asRunId = (s: string): RunId => s as RunId;
export const asEndpointId = (s: string): EndpointId => s as EndpointId;
