/**
 * Reads the keys a prompt asked for from the first `{...}` block of a reply, the way the
 * study's own parser did (`parse_known_keys_robust` in the authors' utils.py): each key's value
 * runs from `"key":` to the next asked-for key or the closing brace, so values the model left
 * unquoted ("answer": I enjoy this, "motivation_score": 80) are still read. Quoted values are
 * JSON strings, numeric ones numbers, anything else the raw text. Keys not found are absent.
 */
export function readKnownKeys(text: string, keys: readonly string[]): Record<string, unknown> {
  const block = /\{[\s\S]*?\}/.exec(text)?.[0].replace(/\s+/g, ' ') ?? '';
  const found = keys
    .map((key) => ({ key, at: new RegExp(`"${escape(key)}"\\s*:\\s*`, 'i').exec(block) }))
    .filter((k): k is { key: string; at: RegExpExecArray } => k.at !== null)
    .sort((a, b) => a.at.index - b.at.index);
  const out: Record<string, unknown> = {};
  found.forEach(({ key, at }, i) => {
    const start = at.index + at[0].length;
    const end = i + 1 < found.length ? found[i + 1].at.index : block.indexOf('}', start);
    if (end < start) return;
    const raw = block.slice(start, end).trim().replace(/,$/, '').trim();
    out[key] = valueOf(raw);
  });
  return out;
}

function valueOf(raw: string): unknown {
  if (/^-?\d+(?:\.\d+)?$/.test(raw)) return Number(raw);
  if (raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"')) {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return raw.slice(1, -1);
    }
  }
  return raw;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
