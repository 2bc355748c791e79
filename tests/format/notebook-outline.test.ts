import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { asNotebookId } from '../../src/model';
import { parseNotebook } from '../../src/format/parse-notebook';
import { notebookOutline } from '../../src/format/notebook-outline';

const parse = (text: string) => parseNotebook(text, { id: asNotebookId('n'), origin: 'user' });

describe('notebookOutline', () => {
  it('lists the headings of text cells in order with their level, as plain text', () => {
    const nb = parse(['---', 'title: T', '---', '# Top *one*', 'text', '## A [link](https://x.org) and `code` ##', '', '```query q', '// # not a heading', '1', '```', '', '### Third'].join('\n'));
    expect(notebookOutline(nb.cells).map(({ level, text }) => [level, text])).toEqual([[1, 'Top one'], [2, 'A link and code'], [3, 'Third']]);
    expect(notebookOutline(nb.cells)[2].cellId).toBe(nb.cells.at(-1)!.id);
  });

  it('skips lines inside fenced code in text, hashtags without a space and empty headings', () => {
    const nb = parse(['---', 'title: T', '---', '~~~', '# inside a fence', '~~~', '#hashtag', '#', '    # indented code', '## After'].join('\n'));
    expect(notebookOutline(nb.cells).map((e) => e.text)).toEqual(['After']);
  });

  it('gives the study notebook an outline with its sections', () => {
    const nb = parse(readFileSync(resolve(__dirname, '../../cells/motivation-in-llms.md'), 'utf8'));
    const texts = notebookOutline(nb.cells).map((e) => e.text);
    expect(texts).toContain('Experiments');
    expect(texts).toContain('Do reports differ by task category? (Figure 1)');
    expect(texts.indexOf('Design')).toBeLessThan(texts.indexOf('Results'));
  });
});
