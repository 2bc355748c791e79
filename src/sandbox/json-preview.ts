/**
 * The first `limit` characters of `JSON.stringify(value, roundNumbers, 2)`, written without
 * serialising the rest: a cell whose value is a big object or array (hundreds of thousands of
 * rows at full scale) is shown by its opening lines, and stringifying all of it to keep 4,000
 * characters took seconds. Same text as JSON.stringify up to the cut (toJSON, omitted keys,
 * `null` for what JSON cannot say); `cut` says whether anything was left out. Throws where
 * JSON.stringify throws (a cycle, a BigInt).
 */
export function jsonPreview(value: unknown, limit: number): { text: string | undefined; cut: boolean } {
  const out: string[] = [];
  let length = 0;
  const stack = new Set<object>();
  const emit = (s: string) => {
    out.push(s);
    length += s.length;
    if (length > limit) throw FULL;
  };

  /** Writes a value (as `resolved` gives it) as JSON. */
  const write = (v: unknown, indent: string): void => {
    if (v === null) return emit('null');
    switch (typeof v) {
      case 'boolean':
        return emit(String(v));
      case 'number':
        return emit(Number.isFinite(v) ? String(v) : 'null');
      case 'string':
        // A long string is cut before quoting: quoting it whole would copy all of it.
        return emit(JSON.stringify(v.length > limit ? v.slice(0, limit + 1) : v));
      case 'bigint':
        throw new TypeError('Do not know how to serialize a BigInt');
      default:
        break;
    }
    const obj = v as object;
    if (stack.has(obj)) throw new TypeError('Converting circular structure to JSON');
    stack.add(obj);
    const inner = `${indent}  `;
    if (Array.isArray(obj)) {
      if (obj.length === 0) emit('[]');
      else {
        emit('[');
        for (let i = 0; i < obj.length; i++) {
          emit(`${i ? ',' : ''}\n${inner}`);
          const item = resolved(String(i), obj[i]);
          if (omitted(item)) emit('null');
          else write(item, inner);
        }
        emit(`\n${indent}]`);
      }
    } else {
      let first = true;
      emit('{');
      for (const k of Object.keys(obj)) {
        const item = resolved(k, (obj as Record<string, unknown>)[k]);
        if (omitted(item)) continue;
        emit(`${first ? '' : ','}\n${inner}${JSON.stringify(k)}: `);
        first = false;
        write(item, inner);
      }
      emit(first ? '}' : `\n${indent}}`);
    }
    stack.delete(obj);
  };

  try {
    const root = resolved('', value);
    if (omitted(root)) return { text: undefined, cut: false };
    write(root, '');
  } catch (e) {
    if (e !== FULL) throw e;
    return { text: out.join('').slice(0, limit), cut: true };
  }
  return { text: out.join(''), cut: false };
}

const FULL = Symbol('preview full');

/** A value as JSON.stringify sees it: after toJSON, the rounding replacer, and unboxing. */
function resolved(key: string, raw: unknown): unknown {
  let v = raw;
  if (typeof v === 'object' && v !== null && typeof (v as { toJSON?: unknown }).toJSON === 'function') v = (v as { toJSON(k: string): unknown }).toJSON(key);
  if (typeof v === 'number' && !Number.isInteger(v)) v = Number(v.toPrecision(6));
  if (v instanceof Number || v instanceof String || v instanceof Boolean) v = v.valueOf();
  return v;
}

/** What JSON leaves out of an object (and writes as null in an array). */
function omitted(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}
