import type { ChatMessage, Condition, Criterion, Dependence, ExperimentSpec, Measure, ModelPrices, SourceTrial, Task } from '../model';
import { placeholders } from './render-prompt';

/**
 * The fields a validated design may have, as the sandbox sends it (validateSpec's output).
 * A field added to ExperimentSpec must be added here too, or the page refuses designs that use it.
 */
const SPEC_FIELDS = new Set([
  'endpoint', 'models', 'tasks', 'prompt', 'scale', 'repetitions', 'conditions', 'temperature', 'maxTokens', 'seed', 'concurrency',
  'system', 'measure', 'stop', 'criteria', 'from', 'simulation', 'prices', 'n', 'protocol',
]);

type Obj = Record<string, unknown>;

/**
 * The page's own check of a design that came from the sandbox, where cell code runs. The sandbox
 * already ran validateSpec, but anything from there may have been forged, so this is a strict
 * allow-list: every field of the normalised shape with its type, nothing else. It returns a copy
 * built only from checked fields, and throws an Error naming the first field that does not fit.
 */
export function checkSpecShape(value: unknown): ExperimentSpec {
  const v = record(value, 'the design');
  const extra = Object.keys(v).find((k) => !SPEC_FIELDS.has(k));
  if (extra !== undefined) bad(extra, 'is not a field of an experiment');
  const from = v.from === undefined ? undefined : dependence(v.from);
  const models = list(v.models, 'models', (m, i) => text(m, `models[${i}]`, true));
  if (models.length === 0 && from?.mode !== 'continue') bad('models', 'must name at least one model');
  const scale = record(v.scale, 'scale');
  const [min, max] = [num(scale.min, 'scale.min'), num(scale.max, 'scale.max')];
  if (!(min < max)) bad('scale.min', 'must be below scale.max');
  const repetitions = num(v.repetitions, 'repetitions');
  if (!Number.isInteger(repetitions) || repetitions < 1 || repetitions > 1000) bad('repetitions', 'must be a whole number from 1 to 1000');
  const spec: ExperimentSpec = {
    endpoint: text(v.endpoint, 'endpoint', true),
    models,
    tasks: list(v.tasks, 'tasks', task),
    prompt: text(v.prompt, 'prompt', true),
    scale: { min, max },
    repetitions,
    ...(v.conditions !== undefined && { conditions: list(v.conditions, 'conditions', condition) }),
    ...optional(v, 'temperature', num),
    ...optional(v, 'maxTokens', num),
    ...optional(v, 'seed', num),
    ...optional(v, 'concurrency', num),
    ...optional(v, 'n', (x, f) => {
      const n = num(x, f);
      return Number.isInteger(n) && n >= 1 && n <= 16 ? n : bad(f, 'must be a whole number from 1 to 16');
    }),
    ...optional(v, 'protocol', (x, f) => text(x, f, true)),
    ...optional(v, 'system', (x, f) => text(x, f, false)),
    ...(v.measure !== undefined && { measure: measure(v.measure) }),
    ...(v.stop !== undefined && { stop: list(v.stop, 'stop', (s, i) => text(s, `stop[${i}]`, true)) }),
    ...(v.criteria !== undefined && { criteria: list(v.criteria, 'criteria', criterion) }),
    ...(from && { from }),
    ...(v.simulation !== undefined && { simulation: record(v.simulation, 'simulation') }),
    ...(v.prices !== undefined && { prices: prices(v.prices) }),
  };
  if (!from && spec.tasks.length === 0) bad('tasks', 'must list at least one task');
  checkPlaceholders(spec);
  return spec;
}

/** Every placeholder must have a value for every task, or the page's own expansion would throw. */
function checkPlaceholders(spec: ExperimentSpec): void {
  const used = placeholders(spec.prompt);
  const common = ['task', 'prefix', 'min', 'max', ...(spec.criteria?.length ? ['criteria', 'format', 'criteriaSpaced', 'formatElided'] : []), ...(spec.from ? ['answer'] : [])];
  for (const t of spec.from ? [undefined] : spec.tasks) {
    const known = new Set([...common, ...Object.keys(t?.vars ?? {})]);
    const unknown = used.find((p) => !known.has(p));
    if (unknown !== undefined) bad('prompt', `uses {{${unknown}}}, which ${t ? `task '${t.id}'` : 'a dependent design'} gives no value`);
  }
  for (const c of spec.conditions ?? []) {
    const unknown = placeholders(c.choicePrefix ?? '').find((p) => p !== 'target');
    if (unknown !== undefined) bad(`conditions '${c.name}' choicePrefix`, `uses {{${unknown}}}; only {{target}} is available`);
  }
}

function bad(field: string, problem: string): never {
  throw new Error(`The design's ${field} ${problem}.`);
}

function record(x: unknown, field: string): Obj {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) bad(field, 'must be an object');
  return x as Obj;
}

function text(x: unknown, field: string, nonEmpty: boolean): string {
  if (typeof x !== 'string' || (nonEmpty && !x.trim())) bad(field, nonEmpty ? 'must be a non-empty string' : 'must be a string');
  return x;
}

function num(x: unknown, field: string): number {
  if (typeof x !== 'number' || !Number.isFinite(x)) bad(field, 'must be a finite number');
  return x;
}

function list<T>(x: unknown, field: string, item: (x: unknown, i: number) => T): T[] {
  if (!Array.isArray(x)) bad(field, 'must be an array');
  return x.map((e, i) => item(e, i));
}

function optional<K extends string, T>(v: Obj, key: K, check: (x: unknown, field: string) => T): Partial<Record<K, T>> {
  return v[key] === undefined ? {} : ({ [key]: check(v[key], key) } as Record<K, T>);
}

function task(x: unknown, i: number): Task {
  const o = record(x, `tasks[${i}]`);
  const category = o.category === undefined ? undefined : typeof o.category === 'string' ? o.category : list(o.category, `tasks[${i}].category`, (c, j) => text(c, `tasks[${i}].category[${j}]`, false));
  let vars: Record<string, string | number> | undefined;
  if (o.vars !== undefined) {
    vars = {};
    for (const [k, val] of Object.entries(record(o.vars, `tasks[${i}].vars`))) {
      if (typeof val !== 'string' && !(typeof val === 'number' && Number.isFinite(val))) bad(`tasks[${i}].vars.${k}`, 'must be a string or a number');
      vars[k] = val;
    }
  }
  return { id: text(o.id, `tasks[${i}].id`, true), text: text(o.text, `tasks[${i}].text`, false), ...(category !== undefined && { category }), ...(vars && { vars }) };
}

function condition(x: unknown, i: number): Condition {
  const o = record(x, `conditions[${i}]`);
  return {
    name: text(o.name, `conditions[${i}].name`, true),
    prefix: text(o.prefix, `conditions[${i}].prefix`, false),
    ...optional(o, 'group', (g, f) => text(g, `conditions[${i}].${f}`, false)),
    ...optional(o, 'choicePrefix', (g, f) => text(g, `conditions[${i}].${f}`, false)),
  };
}

function measure(x: unknown): Measure {
  const o = record(x, 'measure');
  const label = optional(o, 'text', (t, f) => text(t, `measure.${f}`, false));
  switch (o.kind) {
    case 'rating':
    case 'text':
      return { kind: o.kind };
    case 'json':
      return { kind: 'json', fields: list(o.fields, 'measure.fields', (f, i) => text(f, `measure.fields[${i}]`, true)), value: text(o.value, 'measure.value', true), ...label };
    case 'choice': {
      const options = num(o.options, 'measure.options');
      if (!Number.isInteger(options) || options < 2) bad('measure.options', 'must be a whole number of at least 2');
      return { kind: 'choice', options, ...label };
    }
    default:
      return bad('measure.kind', "must be 'rating', 'json', 'text' or 'choice'");
  }
}

function criterion(x: unknown, i: number): Criterion {
  const o = record(x, `criteria[${i}]`);
  return { name: text(o.name, `criteria[${i}].name`, true), text: text(o.text, `criteria[${i}].text`, false) };
}

function message(x: unknown, field: string): ChatMessage {
  const o = record(x, field);
  if (o.role !== 'system' && o.role !== 'user' && o.role !== 'assistant') bad(`${field}.role`, "must be 'system', 'user' or 'assistant'");
  return { role: o.role, content: text(o.content, `${field}.content`, false) };
}

function dependence(x: unknown): Dependence {
  const o = record(x, 'from');
  if (o.mode !== 'continue' && o.mode !== 'evaluate') bad('from.mode', "must be 'continue' or 'evaluate'");
  const trials = list(o.trials, 'from.trials', (t, i): SourceTrial => {
    const f = `from.trials[${i}]`;
    const s = record(t, f);
    return {
      key: text(s.key, `${f}.key`, true), model: text(s.model, `${f}.model`, false), taskId: text(s.taskId, `${f}.taskId`, false),
      task: text(s.task, `${f}.task`, false), condition: text(s.condition, `${f}.condition`, false), repetition: num(s.repetition, `${f}.repetition`),
      messages: list(s.messages, `${f}.messages`, (m, j) => message(m, `${f}.messages[${j}]`)), raw: text(s.raw, `${f}.raw`, false),
    };
  });
  return { mode: o.mode, trials };
}

function prices(x: unknown): ModelPrices {
  const out: Record<string, { input: number; output: number }> = {};
  for (const [model, p] of Object.entries(record(x, 'prices'))) {
    const o = record(p, `prices['${model}']`);
    out[model] = { input: num(o.input, `prices['${model}'].input`), output: num(o.output, `prices['${model}'].output`) };
  }
  return out;
}
