const RESERVED = new Set(
  ('break case catch class const continue debugger default delete do else enum export extends false finally for ' +
    'function if import in instanceof new null return super switch this throw true try typeof var void while with ' +
    'yield let static implements interface package private protected public await arguments eval undefined NaN Infinity')
    .split(' '),
);

/** Names the notebook host puts in scope of every cell; a cell cannot take them. */
export const HOST_NAMES: readonly string[] = ['aq', 'op', 'Plot', 'stats', 'study', 'signal'];

/** Why `name` cannot name a cell, or null when it can. */
export function cellNameProblem(name: string): string | null {
  if (!/^[A-Za-z_$][\w$]*$/.test(name)) return `'${name}' is not a valid name: use letters, digits and _ (not starting with a digit)`;
  if (RESERVED.has(name)) return `'${name}' is a reserved word of JavaScript`;
  if (HOST_NAMES.includes(name)) return `'${name}' is already provided to every cell`;
  return null;
}
