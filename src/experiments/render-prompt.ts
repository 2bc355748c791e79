/** Values a prompt template can use. */
export interface PromptValues {
  readonly task: string;
  readonly prefix: string;
  readonly min: number;
  readonly max: number;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z_]\w*)\s*\}\}/g;

/**
 * Fills `{{task}}`, `{{prefix}}`, `{{min}}` and `{{max}}`. An unknown placeholder is an error;
 * an empty prefix on a line of its own leaves no stray blank line.
 */
export function renderPrompt(template: string, values: PromptValues): string {
  for (const m of template.matchAll(PLACEHOLDER)) {
    if (!(m[1] in values)) throw new Error(`Unknown placeholder {{${m[1]}}} in the prompt (use {{task}}, {{prefix}}, {{min}}, {{max}})`);
  }
  let text = template;
  if (values.prefix === '') text = text.replace(/^[ \t]*\{\{\s*prefix\s*\}\}[ \t]*\n(?:[ \t]*\n)?/gm, '');
  return text.replace(PLACEHOLDER, (_, name: keyof PromptValues) => String(values[name]));
}
