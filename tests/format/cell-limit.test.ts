import { describe, expect, it } from 'vitest';
import { MAX_CELLS, NotebookFormatError, parseNotebook } from '../../src/format';
import { asNotebookId } from '../../src/model';
import { notebookFromBytes } from '../../src/state/notebook-import';

/** A notebook of `n` query cells, each one line of code. */
function manyCells(n: number): string {
  const cells = Array.from({ length: n }, (_, i) => `\`\`\`query c${i}\n${i} + 1\n\`\`\`\n`);
  return `---\ntitle: Many cells\n---\n\n${cells.join('\n')}`;
}

describe('the cell-count limit', () => {
  it('reads a notebook of exactly the limit', () => {
    expect(parseNotebook(manyCells(MAX_CELLS), { id: asNotebookId('nb'), origin: 'user' }).cells).toHaveLength(MAX_CELLS);
  });

  it('refuses a notebook over the limit, saying how many cells it has', () => {
    const parse = () => parseNotebook(manyCells(3000), { id: asNotebookId('nb'), origin: 'user' });
    expect(parse).toThrow(NotebookFormatError);
    expect(parse).toThrow('it has 3,000 cells, over the limit of 500');
  });

  it('names the file when an import is refused for it', () => {
    const bytes = new TextEncoder().encode(manyCells(20_000));
    expect(() => notebookFromBytes(bytes, { kind: 'url', name: 'https://example.org/huge.md' })).toThrow(/huge\.md.*it has 20,000 cells, over the limit of 500/);
  });
});
