/** The file name stem of a notebook's exports, from its title ("Quick start" → "quick-start"). */
export function exportStem(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'notebook';
}
