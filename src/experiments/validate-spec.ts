import type { Condition, ExperimentSpec, Task } from '../model';
import { renderPrompt } from './render-prompt';

/** The control condition used when a spec names none. */
export const NO_CONDITION: Condition = { name: 'none', prefix: '' };

/**
 * Checks the value an experiment cell evaluates to and returns a normalised ExperimentSpec.
 * Tasks may be plain strings (ids t1, t2, …); conditions default to the control `none`.
 * Each error names the field, e.g. "experiment.models must be a non-empty array of model ids".
 */
export function validateSpec(value: unknown): ExperimentSpec {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('', 'must be an object like { endpoint, models, tasks, prompt, scale, repetitions }');
  const v = value as Record<string, unknown>;
  const known = ['endpoint', 'models', 'tasks', 'prompt', 'scale', 'repetitions', 'conditions', 'temperature', 'maxTokens', 'seed', 'concurrency', 'system'];
  const extra = Object.keys(v).find((k) => !known.includes(k));
  if (extra) fail(`.${extra}`, `is not a field of an experiment (fields: ${known.join(', ')})`);

  if (typeof v.endpoint !== 'string' || !v.endpoint.trim()) fail('.endpoint', 'must name an endpoint from Settings');
  if (!Array.isArray(v.models) || v.models.length === 0 || !v.models.every((m) => typeof m === 'string' && m.trim())) {
    fail('.models', 'must be a non-empty array of model ids');
  }
  const models = (v.models as string[]).map((m) => m.trim());
  if (new Set(models).size !== models.length) fail('.models', 'lists a model twice');
  const tasks = toTasks(v.tasks);
  if (typeof v.prompt !== 'string' || !v.prompt.includes('{{task}}')) fail('.prompt', 'must be a string containing {{task}}');
  const scale = v.scale as { min?: unknown; max?: unknown } | undefined;
  if (typeof scale !== 'object' || scale === null || !isFiniteNumber(scale.min) || !isFiniteNumber(scale.max)) fail('.scale', 'must be { min: number, max: number }');
  if (!(scale.min < scale.max)) fail('.scale.min', 'must be below scale.max');
  if (!Number.isInteger(v.repetitions) || (v.repetitions as number) < 1 || (v.repetitions as number) > 1000) fail('.repetitions', 'must be a whole number from 1 to 1000');
  const conditions = toConditions(v.conditions);
  const spec: ExperimentSpec = {
    endpoint: v.endpoint.trim(),
    models,
    tasks,
    prompt: v.prompt,
    scale: { min: scale.min, max: scale.max },
    repetitions: v.repetitions as number,
    conditions,
    ...optionalNumber(v, 'temperature', 0, 2, false),
    ...optionalNumber(v, 'maxTokens', 1, 1_000_000, true),
    ...optionalNumber(v, 'seed', -(2 ** 31), 2 ** 31 - 1, true),
    ...optionalNumber(v, 'concurrency', 1, 64, true),
    ...(v.system !== undefined && { system: typeof v.system === 'string' ? v.system : fail('.system', 'must be a string') }),
  };
  try {
    renderPrompt(spec.prompt, { task: '', prefix: '', min: 0, max: 0 });
  } catch (error) {
    fail('.prompt', (error as Error).message.replace(/^Unknown/, 'has an unknown'));
  }
  return spec;
}

function fail(field: string, problem: string): never {
  throw new Error(`experiment${field} ${problem}`);
}

function isFiniteNumber(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

function toTasks(value: unknown): Task[] {
  if (!Array.isArray(value) || value.length === 0) fail('.tasks', 'must be a non-empty array of task texts or { id, text } objects');
  const tasks = value.map((t, i): Task => {
    if (typeof t === 'string') {
      if (!t.trim()) fail(`.tasks[${i}]`, 'is empty');
      return { id: `t${i + 1}`, text: t };
    }
    const o = t as Partial<Task> | null;
    if (typeof o !== 'object' || o === null || typeof o.text !== 'string' || !o.text.trim()) fail(`.tasks[${i}]`, 'must be a string or { id, text } with non-empty text');
    const id = o.id === undefined ? `t${i + 1}` : String(o.id);
    if (!id.trim() || id.includes('|')) fail(`.tasks[${i}].id`, 'must be non-empty and contain no |');
    return { id, text: o.text, ...(o.category !== undefined && { category: o.category }) };
  });
  const seen = new Set<string>();
  for (const t of tasks) {
    if (seen.has(t.id)) fail('.tasks', `has the id '${t.id}' twice`);
    seen.add(t.id);
  }
  return tasks;
}

function toConditions(value: unknown): Condition[] {
  if (value === undefined) return [NO_CONDITION];
  if (!Array.isArray(value) || value.length === 0) fail('.conditions', 'must be a non-empty array of { name, prefix }');
  const names = new Set<string>();
  return value.map((c, i) => {
    const o = c as Partial<Condition> | null;
    if (typeof o !== 'object' || o === null || typeof o.name !== 'string' || !o.name.trim() || typeof (o.prefix ?? '') !== 'string') {
      fail(`.conditions[${i}]`, 'must be { name: string, prefix: string }');
    }
    if (names.has(o.name!) || o.name!.includes('|')) fail(`.conditions[${i}].name`, `'${o.name}' is repeated or contains |`);
    names.add(o.name!);
    return { name: o.name!, prefix: o.prefix ?? '' };
  });
}

function optionalNumber(v: Record<string, unknown>, key: string, min: number, max: number, integer: boolean): Record<string, number> {
  const x = v[key];
  if (x === undefined || x === null) return {};
  if (!isFiniteNumber(x) || x < min || x > max || (integer && !Number.isInteger(x))) {
    fail(`.${key}`, `must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}`);
  }
  return { [key]: x };
}
