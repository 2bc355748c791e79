// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { asNotebookId, type Notebook } from '../../src/model';
import { createDexieStore } from '../../src/store/dexie-store';
import { createSimulatedProvider } from '../../src/providers/simulated';
import { parseNotebook } from '../../src/format/parse-notebook';
import { AppState } from '../../src/state/app-state.svelte';

const text = readFileSync(resolve(__dirname, '../../cells/personality-of-language-models.md'), 'utf8');

HTMLCanvasElement.prototype.getContext = function () {
  return new Proxy({}, { get: () => () => undefined, set: () => true });
} as unknown as HTMLCanvasElement['getContext'];
HTMLCanvasElement.prototype.toDataURL = () => 'data:image/png;base64,';

describe('the personality notebook on the simulated participant', () => {
  it('administers the Mini-IPIP, recovers the planted traits and reports α per trait', async () => {
    const { createInProcessSandbox } = await import('../../src/sandbox/in-process-transport');
    const shipped: Notebook[] = [parseNotebook(text, { id: asNotebookId('personality-of-language-models'), origin: 'shipped' })];
    const app = new AppState({
      store: createDexieStore({ name: 'personality', indexedDB: new IDBFactory(), IDBKeyRange }),
      providerFactory: () => createSimulatedProvider(),
      shipped,
      sandbox: createInProcessSandbox,
      answer: () => Promise.reject(new Error('no network in unit tests')),
    });
    await app.load();
    const nb = (await app.open(asNotebookId('personality-of-language-models')))!;
    await nb.settled();
    await nb.runAll();
    const problems = nb.notebook.cells
      .filter((c) => c.kind !== 'markdown' && nb.cellState(c.id).status !== 'fulfilled')
      .map((c) => `${'name' in c ? c.name : c.id}: ${nb.cellState(c.id).status} ${nb.cellState(c.id).error?.message ?? ''}`);
    expect(problems).toEqual([]);
    const rows = async (name: string) => (await nb.cellByName(name))!.value as Record<string, unknown>[];
    // 2 models × (control + 3 personas) × 3 administrations, 20 items each.
    expect(await rows('replies')).toEqual([
      { what: 'calls', count: 24 },
      { what: 'calls answered in full', count: 24 },
      { what: 'items answered', count: 480 },
      { what: 'items not answered (counted, not dropped)', count: 0 },
    ]);
    const summary = await rows('summary');
    const score = (model: string, condition: string, scale: string) => summary.find((r) => r.model === model && r.condition === condition && r.scale === scale)!.mean as number;
    expect(Math.abs(score('participant-a', 'none', 'Agreeableness') - 4.4)).toBeLessThan(0.5);
    expect(Math.abs(score('participant-b', 'none', 'Extraversion') - 2.6)).toBeLessThan(0.5);
    expect(score('participant-b', 'outgoing', 'Extraversion') - score('participant-b', 'none', 'Extraversion')).toBeGreaterThan(0.6);
    const reliability = await rows('reliability');
    expect(reliability.map((r) => r.scale)).toEqual(['Extraversion', 'Agreeableness', 'Conscientiousness', 'Neuroticism', 'Intellect/Imagination']);
    for (const r of reliability) {
      expect(r.n).toBe(24);
      expect(typeof r.rawAlpha).toBe('number');
      expect(r.people).toBeGreaterThan(0.6);
    }
    // Personas shift Extraversion and Neuroticism most: those traits vary most across administrations and hang together best.
    const alpha = Object.fromEntries(reliability.map((r) => [r.scale, r.rawAlpha as number]));
    expect(alpha.Extraversion).toBeGreaterThan(0.7);
    expect(alpha.Neuroticism).toBeGreaterThan(0.7);
    console.log('α on the simulated participant:', JSON.stringify(reliability.map((r) => [r.scale, r.rawAlpha, r.stdAlpha])));
    expect((await rows('itemDrop')).length).toBe(20);
    const view = nb.cellState(nb.notebook.cells.find((c) => 'name' in c && c.name === 'figTraits')!.id).value;
    expect(view?.kind === 'dom' && (view.html.match(/<circle/g) ?? []).length).toBe(2 * 4 * 5);
    app.close();
  }, 120_000);
});
