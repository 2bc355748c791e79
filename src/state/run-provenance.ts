import type { Endpoint, ExperimentSpec, Notebook, RunProvenance } from '../model';
import { notebookHash, sha256Hex } from '../format/notebook-hash';

/**
 * The provenance of a run as it starts: app version, notebook hash, endpoint name and base URL
 * (never the key), requested models, sampling, repetitions, responses per call, the protocol the
 * design names, criteria seed and template hashes.
 * `responseModels` fills in as replies arrive; `endedAt` when the run ends.
 */
export async function startProvenance(notebook: Notebook, spec: ExperimentSpec, endpoint: Endpoint | undefined, startedAt: number): Promise<RunProvenance> {
  const [nbHash, promptHash, systemHash] = await Promise.all([
    notebookHash(notebook),
    sha256Hex(spec.prompt),
    spec.system !== undefined ? sha256Hex(spec.system) : Promise.resolve(null),
  ]);
  return {
    appVersion: __APP_VERSION__,
    notebookHash: nbHash,
    endpointName: spec.endpoint,
    baseURL: endpoint?.baseURL ?? '',
    requestedModels: [...spec.models],
    responseModels: [],
    sampling: {
      temperature: spec.temperature ?? null,
      maxTokens: spec.maxTokens ?? null,
      seed: spec.seed ?? null,
      stop: spec.stop ? [...spec.stop] : null,
    },
    repetitions: spec.repetitions,
    responsesPerCall: spec.n ?? 1,
    protocol: spec.protocol ?? null,
    criteriaShuffleSeed: spec.criteria?.length ? (spec.seed ?? 0) : null,
    promptTemplateHash: promptHash,
    systemTemplateHash: systemHash,
    startedAt,
    endedAt: null,
  };
}
