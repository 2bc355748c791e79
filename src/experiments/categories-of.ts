/**
 * The category labels of a task, from any of the forms they come in: an array, a Python-style
 * list as in the study's data.csv ("['Design and Art', 'Other']"), or text separated by `;` or `|`.
 */
export function categoriesOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String).map((s) => s.trim()).filter(Boolean);
  if (typeof value !== 'string') return [];
  const text = value.trim();
  if (text.startsWith('[')) return [...text.matchAll(/'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"/g)].map((m) => (m[1] ?? m[2]).trim()).filter(Boolean);
  return text.split(/[;|]/).map((s) => s.trim()).filter(Boolean);
}
