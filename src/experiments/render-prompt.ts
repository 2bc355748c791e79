/** Values a prompt template can use: task, prefix, min, max, plus any task or design variables. */
export type PromptValues = Readonly<Record<string, string | number>>;

const PLACEHOLDER = /\{\{\s*([A-Za-z_]\w*)\s*\}\}/g;

/** The placeholder names a template uses, in order of first use. */
export function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}

/**
 * Fills `{{name}}` placeholders: `{{task}}`, `{{prefix}}`, `{{min}}`, `{{max}}` and whatever
 * else `values` holds (a choice pair's `{{task1}}`, a judge's `{{answer}}` and `{{criteria}}`).
 * An unknown placeholder is an error naming the ones available; an empty value on a line of
 * its own (no prefix in the control condition) leaves no stray blank line.
 */
export function renderPrompt(template: string, values: PromptValues): string {
  for (const name of placeholders(template)) {
    if (!(name in values)) throw new Error(`Unknown placeholder {{${name}}} in the prompt (available: ${Object.keys(values).map((k) => `{{${k}}}`).join(', ')})`);
  }
  let text = template;
  for (const [name, value] of Object.entries(values)) {
    if (value === '') text = text.replace(new RegExp(String.raw`^[ \t]*\{\{\s*${name}\s*\}\}[ \t]*\n(?:[ \t]*\n)?`, 'gm'), '');
  }
  return text.replace(PLACEHOLDER, (_, name: string) => String(values[name]));
}
