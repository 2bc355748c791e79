import type { Condition, Criterion, Dependence, ExperimentSpec, Measure, ModelPrices, SourceTrial, Task } from '../model';
import { placeholders } from './render-prompt';
import { rowsOf } from './rows-of';

/** The control condition used when a spec names none. */
export const NO_CONDITION: Condition = { name: 'none', prefix: '' };

const FIELDS = [
  'endpoint', 'models', 'tasks', 'prompt', 'scale', 'repetitions', 'conditions', 'temperature', 'maxTokens', 'seed', 'concurrency',
  'system', 'measure', 'stop', 'criteria', 'continues', 'evaluates', 'simulation', 'prices', 'n', 'protocol',
];

/**
 * Checks the value an experiment cell evaluates to and returns a normalised ExperimentSpec.
 * Tasks may be plain strings (ids t1, t2, …), objects or an Arquero table; conditions default
 * to the control `none`. `continues: otherExperiment` or `evaluates: otherExperiment` makes a
 * dependent experiment built on that cell's trials. Each error names the field, e.g.
 * "experiment.models must be a non-empty array of model ids".
 */
export function validateSpec(value: unknown): ExperimentSpec {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('', 'must be an object like { endpoint, models, tasks, prompt, scale, repetitions }');
  const v = value as Record<string, unknown>;
  const extra = Object.keys(v).find((k) => !FIELDS.includes(k));
  if (extra) fail(`.${extra}`, `is not a field of an experiment (fields: ${FIELDS.join(', ')})`);
  if (v.continues !== undefined && v.evaluates !== undefined) fail('.continues', 'and experiment.evaluates cannot both be set');
  const from = toDependence(v);

  if (typeof v.endpoint !== 'string' || !v.endpoint.trim()) fail('.endpoint', 'must name an endpoint from Settings');
  const modelsOptional = from?.mode === 'continue';
  if (!(modelsOptional && (v.models === undefined || (Array.isArray(v.models) && v.models.length === 0)))) {
    if (!Array.isArray(v.models) || v.models.length === 0 || !v.models.every((m) => typeof m === 'string' && m.trim())) fail('.models', 'must be a non-empty array of model ids');
  }
  const models = ((v.models as string[] | undefined) ?? []).map((m) => m.trim());
  if (new Set(models).size !== models.length) fail('.models', 'lists a model twice');
  const tasks = from ? [] : toTasks(v.tasks);
  if (typeof v.prompt !== 'string' || !v.prompt.trim()) fail('.prompt', 'must be a non-empty string');
  if (!from && !/\{\{\s*task\d*\s*\}\}/.test(v.prompt)) fail('.prompt', 'must contain {{task}} (or {{task1}} … for choices)');
  if (from?.mode === 'evaluate' && !v.prompt.includes('{{answer}}')) fail('.prompt', 'must contain {{answer}} to evaluate the answers');
  const scale = v.scale as { min?: unknown; max?: unknown } | undefined;
  if (typeof scale !== 'object' || scale === null || !isFiniteNumber(scale.min) || !isFiniteNumber(scale.max)) fail('.scale', 'must be { min: number, max: number }');
  if (!(scale.min < scale.max)) fail('.scale.min', 'must be below scale.max');
  if (!Number.isInteger(v.repetitions) || (v.repetitions as number) < 1 || (v.repetitions as number) > 1000) fail('.repetitions', 'must be a whole number from 1 to 1000');
  const criteria = toCriteria(v.criteria);
  const measure = toMeasure(v.measure, criteria);
  const spec: ExperimentSpec = {
    endpoint: v.endpoint.trim(),
    models,
    tasks,
    prompt: v.prompt,
    scale: { min: scale.min, max: scale.max },
    repetitions: v.repetitions as number,
    conditions: from ? [NO_CONDITION] : toConditions(v.conditions),
    ...optionalNumber(v, 'temperature', 0, 2, false),
    ...optionalNumber(v, 'maxTokens', 1, 1_000_000, true),
    ...optionalNumber(v, 'seed', -(2 ** 31), 2 ** 31 - 1, true),
    ...optionalNumber(v, 'concurrency', 1, 64, true),
    ...optionalNumber(v, 'n', 1, 16, true),
    ...(v.protocol !== undefined && { protocol: typeof v.protocol === 'string' && v.protocol.trim() ? v.protocol.trim() : fail('.protocol', 'must be a non-empty label') }),
    ...(v.system !== undefined && { system: typeof v.system === 'string' ? v.system : fail('.system', 'must be a string') }),
    ...(measure && { measure }),
    ...(v.stop !== undefined && { stop: toStop(v.stop) }),
    ...(criteria && { criteria }),
    ...(from && { from }),
    ...(v.simulation !== undefined && { simulation: toSimulation(v.simulation) }),
    ...(v.prices !== undefined && { prices: toPrices(v.prices) }),
  };
  const available = new Set(['task', 'prefix', 'min', 'max', ...tasks.flatMap((t) => Object.keys(t.vars ?? {})), ...(from ? ['answer'] : []), ...(criteria ? ['criteria', 'format', 'criteriaSpaced', 'formatElided'] : [])]);
  const unknown = placeholders(spec.prompt).find((p) => !available.has(p));
  if (unknown) fail('.prompt', `has an unknown placeholder {{${unknown}}} (available: ${[...available].map((a) => `{{${a}}}`).join(', ')})`);
  return spec;
}

function fail(field: string, problem: string): never {
  throw new Error(`experiment${field} ${problem}`);
}

function isFiniteNumber(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

function toTasks(value: unknown): Task[] {
  const list = rowsOf(value);
  if (!list || list.length === 0) fail('.tasks', 'must be a non-empty array (or table) of task texts or { id, text } objects');
  const tasks = list.map((t, i): Task => {
    if (typeof t === 'string') {
      if (!t.trim()) fail(`.tasks[${i}]`, 'is empty');
      return { id: `t${i + 1}`, text: t };
    }
    const o = t as Record<string, unknown> | null;
    if (typeof o !== 'object' || o === null || typeof o.text !== 'string' || !o.text.trim()) fail(`.tasks[${i}]`, 'must be a string or { id, text } with non-empty text');
    const id = o.id === undefined || o.id === null ? `t${i + 1}` : String(o.id);
    if (!id.trim() || id.includes('|')) fail(`.tasks[${i}].id`, 'must be non-empty and contain no |');
    const category = o.category ?? o.categories;
    const vars: Record<string, string | number> = {};
    for (const [k, x] of Object.entries(o)) {
      if (!['id', 'text', 'category', 'categories'].includes(k) && (typeof x === 'string' || typeof x === 'number')) vars[k] = x;
    }
    return { id, text: o.text, ...(category !== undefined && category !== null && { category: category as string | string[] }), ...(Object.keys(vars).length && { vars }) };
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
  const list = rowsOf(value);
  if (!list || list.length === 0) fail('.conditions', 'must be a non-empty array (or table) of { name, prefix }');
  const names = new Set<string>();
  return list.map((c, i) => {
    const o = c as Partial<Record<keyof Condition, unknown>> | null;
    if (typeof o !== 'object' || o === null || typeof o.name !== 'string' || !o.name.trim() || typeof (o.prefix ?? '') !== 'string') {
      fail(`.conditions[${i}]`, 'must be { name: string, prefix: string }');
    }
    const name = o.name as string;
    if (names.has(name) || name.includes('|')) fail(`.conditions[${i}].name`, `'${name}' is repeated or contains |`);
    names.add(name);
    const text = (key: 'group' | 'choicePrefix') => (typeof o[key] === 'string' && o[key] !== '' ? { [key]: o[key] as string } : {});
    return { name, prefix: (o.prefix as string | undefined) ?? '', ...text('group'), ...text('choicePrefix') };
  });
}

function toMeasure(value: unknown, criteria: Criterion[] | undefined): Measure | undefined {
  if (value === undefined) return criteria ? { kind: 'json', fields: criteria.map((c) => c.name), value: 'mean' } : undefined;
  if (value === 'rating' || value === 'text') return { kind: value };
  const o = value as Record<string, unknown> | null;
  if (typeof o !== 'object' || o === null) fail('.measure', "must be 'rating', 'text', { kind: 'json', fields, value } or { kind: 'choice', options }");
  const text = o.text === undefined ? {} : typeof o.text === 'string' ? { text: o.text } : fail('.measure.text', 'must name a text field');
  switch (o.kind) {
    case 'rating':
    case 'text':
      return { kind: o.kind };
    case 'json': {
      const fields = Array.isArray(o.fields) && o.fields.length && o.fields.every((f) => typeof f === 'string' && f) ? (o.fields as string[]) : fail('.measure.fields', 'must be a non-empty array of field names');
      const val = o.value ?? 'mean';
      if (typeof val !== 'string' || (val !== 'mean' && !fields.includes(val))) fail('.measure.value', `must be 'mean' or one of the fields (${fields.join(', ')})`);
      return { kind: 'json', fields: [...fields], value: val, ...text };
    }
    case 'choice': {
      const options = o.options ?? 2;
      if (!Number.isInteger(options) || (options as number) < 2) fail('.measure.options', 'must be a whole number of at least 2');
      return { kind: 'choice', options: options as number, ...text };
    }
    default:
      return fail('.measure.kind', "must be 'rating', 'json', 'text' or 'choice'");
  }
}

function toCriteria(value: unknown): Criterion[] | undefined {
  if (value === undefined) return undefined;
  const list = rowsOf(value);
  if (!list?.length) fail('.criteria', 'must be a non-empty array of { name, text }');
  return list.map((c, i) => {
    const o = c as Partial<Record<keyof Criterion, unknown>> | null;
    if (!o || typeof o.name !== 'string' || !/^\w+$/.test(o.name) || typeof o.text !== 'string') fail(`.criteria[${i}]`, 'must be { name: word, text: string }');
    return { name: o.name as string, text: o.text as string };
  });
}

function toStop(value: unknown): string[] {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length > 4 || !list.every((s) => typeof s === 'string' && s)) fail('.stop', 'must be a string or up to 4 non-empty strings');
  return list as string[];
}

function toSimulation(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('.simulation', 'must be an object of simulation parameters');
  return value as Record<string, unknown>;
}

function toDependence(v: Record<string, unknown>): Dependence | undefined {
  const field = v.continues !== undefined ? 'continues' : v.evaluates !== undefined ? 'evaluates' : null;
  if (!field) return undefined;
  const rows = rowsOf(v[field]);
  if (!rows) fail(`.${field}`, "must be another experiment cell's trials (its name)");
  const trials: SourceTrial[] = [];
  for (const r of rows as Record<string, unknown>[]) {
    if (typeof r?.raw !== 'string' || !r.raw.trim() || r.status === 'failed') continue;
    if (!Array.isArray(r.messages) || typeof r.key !== 'string') fail(`.${field}`, 'rows need key, messages and raw: pass the experiment cell itself, filtered if need be');
    trials.push({ key: r.key, model: String(r.model), taskId: String(r.taskId), task: String(r.task), condition: String(r.condition), repetition: Number(r.repetition) || 1, messages: r.messages, raw: r.raw });
  }
  return { mode: field === 'continues' ? 'continue' : 'evaluate', trials };
}

function optionalNumber(v: Record<string, unknown>, key: string, min: number, max: number, integer: boolean): Record<string, number> {
  const x = v[key];
  if (x === undefined || x === null) return {};
  if (!isFiniteNumber(x) || x < min || x > max || (integer && !Number.isInteger(x))) {
    fail(`.${key}`, `must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}`);
  }
  return { [key]: x };
}

function toPrices(value: unknown): ModelPrices {
  const shape = 'must map model ids to { input, output } prices in US$ per million tokens';
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('.prices', shape);
  const prices: Record<string, { input: number; output: number }> = {};
  for (const [model, price] of Object.entries(value)) {
    const p = price as { input?: unknown; output?: unknown } | null;
    if (typeof p !== 'object' || p === null || !isFiniteNumber(p.input) || !isFiniteNumber(p.output) || p.input < 0 || p.output < 0) {
      fail(`.prices['${model}']`, 'must be { input: number, output: number }, non-negative US$ per million tokens');
    }
    prices[model] = { input: p.input, output: p.output };
  }
  return prices;
}
