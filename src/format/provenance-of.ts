import type { Run, RunProvenance } from '../model';

/** One run's provenance with what it did, as exported next to data (provenance.json, file metadata). */
export interface RunProvenanceRecord extends RunProvenance {
  readonly runId: string;
  readonly notebookId: string;
  readonly cellId: string;
  readonly status: Run['status'];
  readonly planned: number;
  readonly done: number;
  readonly failed: number;
}

/** The provenance document of a set of runs: what made the trials, without any API key. */
export interface ProvenanceDocument {
  readonly format: 'motivelab-provenance';
  readonly version: 1;
  readonly runs: readonly RunProvenanceRecord[];
}

/**
 * The provenance of runs as a JSON-ready document, oldest run first. Runs recorded before
 * provenance existed contribute what the run record holds (endpoint, base URL, models, times).
 * Only fields named here are copied, so nothing else a run might carry can reach an export.
 */
export function provenanceOf(runs: readonly Run[]): ProvenanceDocument {
  const records = [...runs]
    .sort((a, b) => a.startedAt - b.startedAt)
    .map((r): RunProvenanceRecord => {
      const p = r.provenance;
      return {
        runId: r.id,
        notebookId: r.notebookId,
        cellId: r.cellId,
        status: r.status,
        planned: r.planned,
        done: r.done,
        failed: r.failed,
        appVersion: p?.appVersion ?? 'unknown',
        notebookHash: p?.notebookHash ?? 'unknown',
        endpointName: r.endpointName,
        baseURL: r.baseURL,
        requestedModels: [...(p?.requestedModels ?? r.models)],
        responseModels: [...(p?.responseModels ?? [])],
        sampling: p ? { ...p.sampling, stop: p.sampling.stop ? [...p.sampling.stop] : null } : { temperature: null, maxTokens: null, seed: null, stop: null },
        repetitions: p?.repetitions ?? 0,
        responsesPerCall: p?.responsesPerCall ?? 1,
        protocol: p?.protocol ?? null,
        criteriaShuffleSeed: p?.criteriaShuffleSeed ?? null,
        promptTemplateHash: p?.promptTemplateHash ?? 'unknown',
        systemTemplateHash: p?.systemTemplateHash ?? null,
        startedAt: r.startedAt,
        endedAt: r.endedAt,
      };
    });
  return { format: 'motivelab-provenance', version: 1, runs: records };
}
