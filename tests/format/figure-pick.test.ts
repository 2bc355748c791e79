import { describe, expect, it } from 'vitest';
import { asNotebookId } from '../../src/model';
import { parseNotebook } from '../../src/format/parse-notebook';
import { serializeNotebook } from '../../src/format/serialize-notebook';
import { figurePicks } from '../../src/state/figure-pick';

const text = (input: string) => `---\ntitle: Pick\n---\n\n\`\`\`plot fig\nPlot.plot({ marks: [] })\n\`\`\`\n\n\`\`\`input task\n${input}\n\`\`\`\n`;
const parse = (input: string) => parseNotebook(text(input), { id: asNotebookId('pick'), origin: 'shipped' });

describe('an input cell that picks from a figure', () => {
  it('reads "from" and "field", writes them back, and takes the clicked tip\'s line of that label', () => {
    const nb = parse('{ "type": "text", "label": "Task", "value": "poem", "from": "fig", "field": "taskId" }');
    const input = nb.cells.find((c) => c.kind === 'input')!;
    expect(input.kind === 'input' && input.input).toEqual({ type: 'text', label: 'Task', value: 'poem', from: 'fig', field: 'taskId' });
    expect(serializeNotebook(nb)).toContain('{ "type": "text", "label": "Task", "value": "poem", "from": "fig", "field": "taskId" }');
    expect(figurePicks(nb.cells, 'fig', [['mean', '3.5'], ['taskId', 'tax']])).toEqual([{ id: input.id, value: 'tax' }]);
    // Another figure, a tip without the field, or the value it already has: nothing to set.
    expect(figurePicks(nb.cells, 'other', [['taskId', 'tax']])).toEqual([]);
    expect(figurePicks(nb.cells, 'fig', [['mean', '3.5']])).toEqual([]);
    expect(figurePicks(nb.cells, 'fig', [['taskId', 'poem']])).toEqual([]);
  });

  it('refuses "from" without "field" (and the other way round), and on any type but text', () => {
    expect(() => parse('{ "type": "text", "value": "", "from": "fig" }')).toThrow(/"from".*"field" .*go together/);
    expect(() => parse('{ "type": "text", "value": "", "field": "x" }')).toThrow(/go together/);
    expect(() => parse('{ "type": "select", "options": ["a"], "value": "a", "from": "fig", "field": "x" }')).toThrow();
  });
});
