/**
 * Column names a table cannot have: the properties every JavaScript object inherits
 * (`__proto__`, `constructor`, `hasOwnProperty`, `toString` …) and `prototype`. Arquero keeps
 * columns and rows in plain objects, so such a column silently loses its rows or fails with a
 * message about "undefined or null"; refusing it by name says what to change.
 */
const RESERVED: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/** The problem with a table's column names in words, or null when none is reserved. */
export function reservedColumnProblem(names: Iterable<string | null | undefined>): string | null {
  const bad = [...new Set([...names].filter((name): name is string => typeof name === 'string' && RESERVED.has(name)))];
  if (!bad.length) return null;
  const list = bad.map((name) => `'${name}'`).join(', ');
  return `the column name${bad.length > 1 ? 's' : ''} ${list} cannot be used: JavaScript reserves ${bad.length > 1 ? 'them' : 'it'} for every object (rename the column${bad.length > 1 ? 's' : ''}, e.g. to '${bad[0].replace(/^_+|_+$/g, '')}_')`;
}
