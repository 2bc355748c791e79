// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { JSDOM } from 'jsdom';
import { asCellId, asNotebookId, asRunId, type Run, type Trial, type TrialId } from '../../src/model';
import { parseNotebook } from '../../src/format/parse-notebook';
import { makeBundle, notebookOfBundle, parseBundle } from '../../src/format/notebook-bundle';
import { BUNDLE_ELEMENT_ID, BUNDLE_SLOT, embedBundle } from '../../src/format/embed-bundle';

const quickStart = parseNotebook(readFileSync(resolve(__dirname, '../../cells/quick-start.md'), 'utf8'), { id: asNotebookId('quick-start'), origin: 'shipped' });
// A renamed cell keeps its old id: the bundle must carry ids, not re-derive them from names.
const notebook = { ...quickStart, cells: quickStart.cells.map((c) => (c.kind === 'experiment' ? { ...c, id: asCellId('c_renamed') } : c)) };
const hostile = 'Sure! </script><script>window.pwned = 1</script><!-- <script> \u2028 done';
const trial = {
  id: 't1' as TrialId, runId: asRunId('r1'), notebookId: notebook.id, cellId: asCellId('c_renamed'), key: 'k1', endpointName: 'local', model: 'm',
  taskId: 'poem', task: 'Write a poem', condition: 'none', repetition: 1, messages: [{ role: 'user', content: 'How motivated?' }], params: {},
  status: 'ok', raw: hostile, value: 7, parseError: null, finishReason: 'stop', promptTokens: 3, completionTokens: 2, latencyMs: 5,
  errorKind: null, errorMessage: null, httpStatus: 200, responseModel: 'm-2026', startedAt: 1, endedAt: 2,
} as Trial;
const run = { id: asRunId('r1'), notebookId: notebook.id, cellId: asCellId('c_renamed'), status: 'done', planned: 1, done: 1, failed: 0, startedAt: 1, endedAt: 2, endpointName: 'local', baseURL: 'http://x/v1', models: ['m'], message: null } as Run;
const template = `<!doctype html><html><head>${BUNDLE_SLOT}<title>M</title><script type="module">const s = ${JSON.stringify(BUNDLE_SLOT)};</script></head><body><div id="app"></div></body></html>`;

describe('one-file bundles', () => {
  it('embeds a notebook with hostile text so the page parses it back unchanged, in the slot before any script', () => {
    const bundle = makeBundle(notebook, [trial], [run], '1.2.3', 1234);
    const html = embedBundle(template, bundle);
    const dom = new JSDOM(html);
    const doc = dom.window.document;
    expect(doc.querySelectorAll('script')).toHaveLength(2);
    expect(doc.head.firstElementChild?.id).toBe(BUNDLE_ELEMENT_ID);
    expect(doc.title).toBe('Quick start · Motivelab');
    const back = parseBundle(doc.getElementById(BUNDLE_ELEMENT_ID)!.textContent!);
    expect(back.trials[0].raw).toBe(hostile);
    expect(back).toEqual(JSON.parse(JSON.stringify(bundle)));
    expect(back.provenance.runs[0]).toMatchObject({ runId: 'r1', baseURL: 'http://x/v1', appVersion: 'unknown' });
  });

  it('restores the notebook with the cell ids its trials refer to, marked as imported from a bundle', () => {
    const nb = notebookOfBundle(parseBundle(JSON.stringify(makeBundle(notebook, [trial], [run], '1.2.3', 1234))), 'quick-start.html');
    expect(nb.cells.map((c) => c.id)).toEqual(notebook.cells.map((c) => c.id));
    expect(nb.cells.find((c) => c.kind === 'experiment')!.id).toBe('c_renamed');
    expect(nb).toMatchObject({ id: 'quick-start', title: 'Quick start', origin: 'user', importedFrom: { kind: 'bundle', name: 'quick-start.html', at: 1234 } });
  });

  it('says what is wrong with a page that is not a bundle or not the standalone build', () => {
    expect(() => parseBundle('{')).toThrow(/not valid JSON/);
    expect(() => parseBundle('{"format":"other"}')).toThrow(/not a Motivelab notebook bundle/);
    expect(() => parseBundle('{"format":"motivelab-bundle","version":2}')).toThrow(/version 2/);
    expect(() => embedBundle('<html><head></head></html>', makeBundle(notebook, [], [], '1', 1))).toThrow(/npm run build/);
  });
});

describe('the present view in one-file bundles', () => {
  it('travels with the bundle, so a shared copy opens presenting; older files open in the usual view', () => {
    const presenting = notebookOfBundle(parseBundle(JSON.stringify(makeBundle({ ...notebook, presenting: true }, [trial], [run], '1.2.3', 1234))), 'q.html');
    expect(presenting.presenting).toBe(true);
    const plain = makeBundle(notebook, [trial], [run], '1.2.3', 1234);
    expect('presenting' in plain).toBe(false);
    expect(notebookOfBundle(parseBundle(JSON.stringify(plain)), 'q.html').presenting).toBeUndefined();
  });
});
