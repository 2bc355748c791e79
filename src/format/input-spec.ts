import type { InputSpec } from '../model';

/** Checks the JSON of an input cell and returns it with keys in canonical order. Throws a message naming the field. */
export function toInputSpec(value: unknown): InputSpec {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('an input cell holds a JSON object like { "type": "range", ... }');
  const v = value as Record<string, unknown>;
  const label = optional(v, 'label', 'string') as string | undefined;
  const num = (key: string) => optional(v, key, 'number') as number | undefined;
  const known = new Set(['type', 'label', 'min', 'max', 'step', 'options', 'value', 'from', 'field']);
  const extra = Object.keys(v).find((k) => !known.has(k));
  if (extra) throw new Error(`unknown input field "${extra}"`);
  if (v.type !== 'text' && (v.from !== undefined || v.field !== undefined)) throw new Error('only a "text" input picks "from" a figure');
  switch (v.type) {
    case 'range': {
      const min = required(num('min'), 'min');
      const max = required(num('max'), 'max');
      if (!(min < max)) throw new Error('"min" must be below "max"');
      const value = required(num('value'), 'value');
      return { type: 'range', ...(label !== undefined && { label }), min, max, ...(num('step') !== undefined && { step: num('step') }), value };
    }
    case 'number': {
      const [min, max, step] = [num('min'), num('max'), num('step')];
      const value = required(num('value'), 'value');
      return { type: 'number', ...(label !== undefined && { label }), ...(min !== undefined && { min }), ...(max !== undefined && { max }), ...(step !== undefined && { step }), value };
    }
    case 'select': {
      const options = v.options;
      if (!Array.isArray(options) || options.length === 0 || !options.every((o) => typeof o === 'string')) throw new Error('"options" must be a non-empty array of strings');
      const value = required(optional(v, 'value', 'string') as string | undefined, 'value');
      if (!options.includes(value)) throw new Error(`"value" must be one of the options (got "${value}")`);
      return { type: 'select', ...(label !== undefined && { label }), options: [...options] as string[], value };
    }
    case 'text': {
      const value = required(optional(v, 'value', 'string') as string | undefined, 'value');
      const from = optional(v, 'from', 'string') as string | undefined;
      const field = optional(v, 'field', 'string') as string | undefined;
      if ((from === undefined) !== (field === undefined)) throw new Error('"from" (a plot cell\'s name) and "field" (a line of its tips) go together');
      return { type: 'text', ...(label !== undefined && { label }), value, ...(from !== undefined && field !== undefined && { from, field }) };
    }
    default:
      throw new Error(`unknown input type ${JSON.stringify(v.type)} (use "range", "number", "select" or "text")`);
  }
}

function optional(v: Record<string, unknown>, key: string, type: 'string' | 'number'): unknown {
  const x = v[key];
  if (x === undefined) return undefined;
  if (typeof x !== type || (type === 'number' && !Number.isFinite(x))) throw new Error(`"${key}" must be a ${type}`);
  return x;
}

function required<T>(x: T | undefined, key: string): T {
  if (x === undefined) throw new Error(`"${key}" is required`);
  return x;
}

/** One-line JSON with a space after each separator, keys in the spec's order. */
export function inputSpecText(spec: InputSpec): string {
  return `{ ${Object.entries(spec).map(([k, x]) => `${JSON.stringify(k)}: ${Array.isArray(x) ? `[${x.map((o) => JSON.stringify(o)).join(', ')}]` : JSON.stringify(x)}`).join(', ')} }`;
}
