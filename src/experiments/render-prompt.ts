/** Values a prompt template can use: task, prefix, min, max, plus any task or design variables. */
export type PromptValues = Readonly<Record<string, string | number>>;

const PLACEHOLDER = /\{\{\s*([A-Za-z_]\w*)\s*\}\}/g;

/** The placeholder names a template uses, in order of first use. */
export function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}

/** A template read once: its placeholders, and per set of empty values the text left to fill, split at its placeholders. */
interface Compiled {
  readonly names: readonly string[];
  /** By the empty values' names (in `values` order, joined by NUL): text pieces at even indexes, placeholder names at odd ones. */
  readonly filled: Map<string, readonly string[]>;
}

// A plan renders one template tens of thousands of times; reading it once per template (not per call)
// is most of what rendering cost. Bounded so a notebook editing its prompt live does not grow it forever.
const compiled = new Map<string, Compiled>();
const MAX_TEMPLATES = 256;

/**
 * Fills `{{name}}` placeholders: `{{task}}`, `{{prefix}}`, `{{min}}`, `{{max}}` and whatever
 * else `values` holds (a choice pair's `{{task1}}`, a judge's `{{answer}}` and `{{criteria}}`).
 * An unknown placeholder is an error naming the ones available; an empty value on a line of
 * its own (no prefix in the control condition) leaves no stray blank line.
 */
export function renderPrompt(template: string, values: PromptValues): string {
  return fillPieces(filledPieces(template, values), values);
}

/** `filledPieces`' pieces joined with the values between them: the rendered prompt. */
export function fillPieces(pieces: readonly string[], values: PromptValues): string {
  let text = pieces[0];
  for (let i = 1; i < pieces.length; i += 2) text += String(values[pieces[i]]) + pieces[i + 1];
  return text;
}

/**
 * What `renderPrompt` fills: the template's text pieces (even indexes, the same array for the same
 * template and empty values) and the names of the values between them (odd indexes). A plan hashes
 * a prompt from these pieces (expand-plan.ts) rather than from its rendered text.
 */
export function filledPieces(template: string, values: PromptValues): readonly string[] {
  const c = compile(template);
  for (const name of c.names) {
    if (!(name in values)) throw new Error(`Unknown placeholder {{${name}}} in the prompt (available: ${Object.keys(values).map((k) => `{{${k}}}`).join(', ')})`);
  }
  const empty: string[] = [];
  for (const name of Object.keys(values)) if (values[name] === '') empty.push(name);
  const which = empty.join('\0');
  let pieces = c.filled.get(which);
  if (!pieces) c.filled.set(which, (pieces = split(withoutEmptyLines(template, empty))));
  return pieces;
}

function compile(template: string): Compiled {
  let c = compiled.get(template);
  if (c) return c;
  if (compiled.size >= MAX_TEMPLATES) compiled.clear();
  c = { names: placeholders(template), filled: new Map() };
  compiled.set(template, c);
  return c;
}

/** The template without the lines that hold only an empty value, removed name by name as the per-call rendering did. */
function withoutEmptyLines(template: string, empty: readonly string[]): string {
  let text = template;
  for (const name of empty) {
    text = text.replace(new RegExp(String.raw`^[ \t]*\{\{\s*${name}\s*\}\}[ \t]*\n(?:[ \t]*\n)?`, 'gm'), '');
  }
  return text;
}

/** Text and placeholder names alternating, split where PLACEHOLDER matches (as `replace` would fill them). */
function split(text: string): string[] {
  const pieces: string[] = [];
  let at = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    pieces.push(text.slice(at, m.index), m[1]);
    at = m.index + m[0].length;
  }
  pieces.push(text.slice(at));
  return pieces;
}
