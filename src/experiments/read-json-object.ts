/**
 * Finds the JSON object in a model's reply, leniently: inside a ``` fence, surrounded by prose
 * or trailing text, with trailing commas or single-quoted keys, or doubled braces `{{...}}`. When no object parses (for
 * example a reply cut off by the token limit) the `"key": value` pairs that can be read are
 * returned. Returns null when the reply holds nothing object-like.
 */
export function readJsonObject(text: string): Record<string, unknown> | null {
  // `{{ ... }}`: the post-task prompts showed doubled braces, and models echo them.
  const candidates = [/```(?:json)?\s*([\s\S]*?)```/i.exec(text)?.[1], ...balancedObjects(text).flatMap((o) => (/^\{\s*\{[\s\S]*\}\s*\}$/.test(o) ? [o, o.replace(/^\{\s*/, '').replace(/\s*\}$/, '')] : [o]))];
  for (const candidate of candidates) {
    if (!candidate) continue;
    const parsed = tryParse(candidate.trim()) ?? tryParse(repair(candidate.trim()));
    if (parsed) return parsed;
  }
  const pairs: Record<string, unknown> = {};
  for (const m of text.matchAll(/["']([A-Za-z_][\w -]*)["']\s*:\s*("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?)/g)) {
    pairs[m[1]] = m[2].startsWith('"') ? (tryParseString(m[2]) ?? m[2].slice(1, -1)) : Number(m[2]);
  }
  return Object.keys(pairs).length ? pairs : null;
}

/** Reads a number that may be given as a string ("85", " 85 ", "85/100", "85%"). */
export function numberOf(x: unknown): number | null {
  if (typeof x === 'number') return Number.isFinite(x) ? x : null;
  if (typeof x !== 'string') return null;
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*(?:%|\/\s*\d+)?\s*$/.exec(x);
  return m ? Number(m[1]) : null;
}

function tryParse(candidate: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(candidate);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function tryParseString(literal: string): string | null {
  try {
    return JSON.parse(literal) as string;
  } catch {
    return null;
  }
}

/** Trailing commas and single-quoted keys/strings, the usual slips. */
function repair(candidate: string): string {
  return candidate.replace(/,\s*([}\]])/g, '$1').replace(/'([^'\n]*)'(\s*:)/g, '"$1"$2').replace(/:\s*'([^'\n]*)'/g, ': "$1"');
}

/** Every top-level {...} span, outermost first, respecting strings. */
function balancedObjects(text: string): string[] {
  const spans: string[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"' && depth > 0) inString = true;
    else if (ch === '{') {
      if (depth === 0) start = i;
      depth++;
    } else if (ch === '}' && depth > 0) {
      depth--;
      if (depth === 0) spans.push(text.slice(start, i + 1));
    }
  }
  return spans;
}
