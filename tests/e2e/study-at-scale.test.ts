import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, launchBrowser, newPage, serveStatic, type BrowserApp } from './harness';
import { checkFigures } from './figures';
import { addSeedPage, allFiguresDrawn, allSettled, designReady, openStudy, seedOpenStudy, studyNotebook } from './study-at-scale';

/**
 * The study notebook over ~30,000 stored trials (four models, every sub-task of the shipped bank),
 * written through the store as a batch import would, then opened as a user opens it: every figure
 * draws its marks inside its frame, and the trials reach the sandbox slim, as columns (no prompt
 * messages, no sampling parameters), once per experiment on opening. The full 647,250-trial study is
 * `npm run bench -- scale`.
 */
let started: BrowserApp;
beforeAll(async () => {
  const dir = await buildApp();
  await addSeedPage(dir);
  const app = await serveStatic(dir);
  const browser = await launchBrowser();
  started = { app, browser, ...(await newPage(browser)) };
});
afterAll(async () => {
  await started?.browser.close();
  await started?.app.close();
});

describe('the study notebook over tens of thousands of stored trials', () => {
  it('opens with every figure drawn, its trials sent to the sandbox without messages', async () => {
    const { page, errors, app } = started;
    const models = 'participant-a, participant-b, participant-c, participant-d';
    await openStudy(page, app.url, { models, perCategory: 250 });
    await designReady(page, (d) => d.models.length === 4 && d.tasks.length === 75);
    const seeded = await seedOpenStudy(page, app.url);
    const total = seeded.reduce((s, r) => s + r.trials, 0);
    expect(total).toBeGreaterThan(25_000);
    expect(seeded.map((r) => r.name)).toEqual(['pre', 'breakdown', 'execution', 'choice', 'judge', 'post', 'similar']);

    // What the page posts to the relay frame, recorded at the port the page speaks on.
    await page.addInitScript(() => {
      const sent: { type: string; replace?: boolean; n?: number; keys?: string[] }[] = [];
      (window as unknown as { sentTrials: typeof sent }).sentTrials = sent;
      const post = MessagePort.prototype.postMessage;
      MessagePort.prototype.postMessage = function (this: MessagePort, message: unknown, ...rest: unknown[]) {
        const m = message as { type?: string; columns?: { length: number; text: object; numbers: object; fields: { name: string }[] }; replace?: boolean };
        const c = m?.type === 'trials' ? m.columns : undefined;
        if (c) sent.push({ type: 'trials', replace: m.replace, n: c.length, keys: [...Object.keys(c.text), ...Object.keys(c.numbers), ...c.fields.map((f) => f.name)] });
        return (post as (...a: unknown[]) => void).call(this, message, ...rest);
      } as typeof MessagePort.prototype.postMessage;
    });
    const t0 = Date.now();
    await openStudy(page, app.url);
    await allFiguresDrawn(page);
    const seconds = (Date.now() - t0) / 1000;
    await allSettled(page);
    const counts = (await page.evaluate(async () => (await (window as unknown as { motivelab: { cell(n: string): Promise<{ value: unknown } | null> } }).motivelab.cell('counts'))?.value)) as { total: number }[];
    expect(counts.reduce((s, r) => s + r.total, 0)).toBe(total);
    const sent = (await page.evaluate(() => (window as unknown as { sentTrials: { replace?: boolean; n?: number; keys?: string[] }[] }).sentTrials));
    expect(sent.length).toBeGreaterThanOrEqual(7);
    expect(sent.reduce((s, m) => s + (m.n ?? 0), 0)).toBeGreaterThanOrEqual(total);
    for (const m of sent) {
      expect(m.keys).not.toContain('messages');
      expect(m.keys).not.toContain('params');
    }
    const seen = await checkFigures(page, studyNotebook, { notes: { figHuman: /^no human ratings yet: paste a CSV/ } });
    expect(seen.figures.length + Object.keys(seen.notes).length).toBe(studyNotebook.cells.filter((c) => c.kind === 'plot').length);
    expect(errors).toEqual([]);
    console.log(`study at scale: ${total.toLocaleString('en')} trials seeded (${seeded.map((r) => `${r.name} ${r.trials} in ${r.seconds.toFixed(1)} s`).join(', ')}); opened to every figure in ${seconds.toFixed(1)} s; trials messages: ${sent.map((m) => m.n).join(', ')}`);
  }, 600_000);
});

