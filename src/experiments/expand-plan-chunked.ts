import type { EndpointIdentity, ExperimentSpec, PlannedTrial } from '../model';
import { expandPlan } from './expand-plan';

/**
 * `expandPlan(spec, endpoint)`, the same trials in the same order, made one task (or one source trial of a
 * dependent design) at a time with `pause()` awaited between them, so a plan of hundreds of
 * thousands of calls never holds the page. It relies on what expandPlan guarantees: each task's
 * (each source's) trials do not depend on the other tasks, and come in one block per repetition
 * of equal size, which are interleaved here as repetition, then task (source), then the rest.
 */
export async function expandPlanInChunks(spec: ExperimentSpec, endpoint: EndpointIdentity, pause: () => Promise<void>, sliceMs = 20): Promise<PlannedTrial[]> {
  let since = Date.now();
  // Pausing costs a few ms each time: only once per slice of work, not after every small task.
  const breathe = async () => {
    if (Date.now() - since < sliceMs) return;
    await pause();
    since = Date.now();
  };
  const parts: PlannedTrial[][] = [];
  if (spec.from) {
    for (const source of spec.from.trials) {
      parts.push(expandPlan({ ...spec, from: { ...spec.from, trials: [source] } }, endpoint));
      await breathe();
    }
  } else {
    for (const task of spec.tasks) {
      parts.push(expandPlan({ ...spec, tasks: [task] }, endpoint));
      await breathe();
    }
  }
  const plan: PlannedTrial[] = [];
  const repetitions = spec.repetitions;
  for (let r = 0; r < repetitions; r++) {
    for (const part of parts) {
      const block = part.length / repetitions;
      for (let i = r * block; i < (r + 1) * block; i++) plan.push(part[i]);
    }
    await breathe();
  }
  return plan;
}
