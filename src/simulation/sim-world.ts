import { seededRandom } from '../analysis/seeded-random';
import { categoriesOf } from '../experiments/categories-of';
import { stableHash } from '../experiments/stable-hash';
import { rowsOf } from '../experiments/rows-of';
import { simParams, type SimParams } from './sim-params';
import { normalDraw } from './normal-draw';

/** A task the simulated participant knows: its id, text and categories. */
export interface SimTask {
  readonly id: string;
  readonly text: string;
}

/** A framing the simulated participant recognises by its wording. */
export interface SimCondition {
  readonly name: string;
  readonly prefix: string;
  readonly choicePrefix?: string;
}

/** A questionnaire item the simulated participant can answer. */
export interface SimItem {
  readonly id: string;
  readonly text: string;
  readonly scale: string;
  readonly keyed: '+' | '-';
}

/** Everything the simulated participant knows: parameters, tasks with their latent values, framings. */
export interface SimWorld {
  readonly params: SimParams;
  /** Tasks, longest text first (so a task that contains another is matched first). */
  readonly tasks: readonly SimTask[];
  readonly conditions: readonly SimCondition[];
  /** Questionnaire items (from a questionnaire design), if any. */
  readonly items: readonly SimItem[];
  latent(taskId: string): { want: number; able: number };
  categories(taskId: string): readonly string[];
}

/**
 * Builds the simulated world from the `simulation` value of an experiment: parameters (merged
 * over the defaults) plus `tasks` (rows with id, text, category) and `conditions` (rows with
 * name, prefix, choicePrefix). A task's latent want/able is the mean of its categories' values
 * plus a seeded deviation of SD `taskSd`, fixed per task id.
 */
export function makeSimWorld(simulation: unknown): SimWorld {
  const params = simParams(simulation);
  const v = (simulation ?? {}) as Record<string, unknown>;
  const rows = (rowsOf(v.tasks) ?? []) as Record<string, unknown>[];
  const cats = new Map<string, string[]>();
  const tasks: SimTask[] = [];
  for (const r of rows) {
    if (typeof r?.text !== 'string') continue;
    const id = String(r.id);
    tasks.push({ id, text: r.text });
    cats.set(id, categoriesOf(r.category ?? r.categories));
  }
  tasks.sort((a, b) => b.text.length - a.text.length);
  const conditions = ((rowsOf(v.conditions) ?? []) as Record<string, unknown>[])
    .filter((c) => typeof c?.name === 'string')
    .map((c) => ({ name: c.name as string, prefix: String(c.prefix ?? ''), ...(typeof c.choicePrefix === 'string' && { choicePrefix: c.choicePrefix }) }));
  const items = ((rowsOf(v.items) ?? []) as Record<string, unknown>[])
    .filter((r) => typeof r?.text === 'string' && typeof r.scale === 'string')
    .map((r) => ({ id: String(r.id), text: r.text as string, scale: r.scale as string, keyed: r.keyed === '-' ? ('-' as const) : ('+' as const) }));
  const latents = new Map<string, { want: number; able: number }>();
  return {
    params,
    tasks,
    conditions,
    items,
    categories: (id) => cats.get(id) ?? [],
    latent(id) {
      let l = latents.get(id);
      if (!l) {
        const random = seededRandom(parseInt(stableHash(`${params.seed}|task|${id}`), 16));
        const normal = () => normalDraw(random);
        const known = (cats.get(id) ?? []).map((c) => params.categories[c]).filter(Boolean);
        const mean = (k: 'want' | 'able') => (known.length ? known.reduce((s, c) => s + c[k], 0) / known.length : 0);
        l = { want: mean('want') + params.taskSd * normal(), able: mean('able') + params.taskSd * normal() };
        latents.set(id, l);
      }
      return l;
    },
  };
}
