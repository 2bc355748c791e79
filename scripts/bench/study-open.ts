/**
 * The study notebook at the size of tests/e2e/study-at-scale.test.ts (~33,500 trials, four models,
 * the shipped bank), in Chromium: seconds from opening to every figure drawn, then from changing
 * `seed` to every cell settled, and the JS heap of the page and the sandbox's frames after each.
 * Quicker than `npm run bench -- scale` (no paper data, a tenth of the trials), for side-by-side
 * runs of two checkouts: `node --import tsx scripts/bench/study-open.ts` in each.
 */
import { buildApp, launchBrowser, newPage, serveStatic } from '../../tests/e2e/harness';
import { addSeedPage, allFiguresDrawn, allSettled, designReady, heapUsage, openStudy, recomputeAfter, seedOpenStudy } from '../../tests/e2e/study-at-scale';

const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;
const dir = await buildApp();
await addSeedPage(dir);
const app = await serveStatic(dir);
const browser = await launchBrowser();
try {
  const { page, errors } = await newPage(browser);
  await openStudy(page, app.url, { models: 'participant-a, participant-b, participant-c, participant-d', perCategory: 250 });
  await designReady(page, (d) => d.models.length === 4 && d.tasks.length === 75);
  const seeded = await seedOpenStudy(page, app.url);
  const total = seeded.reduce((s, r) => s + r.trials, 0);
  let t0 = Date.now();
  await openStudy(page, app.url);
  await allFiguresDrawn(page);
  const open = (Date.now() - t0) / 1000;
  await allSettled(page);
  const heapOpen = await heapUsage(page);
  t0 = Date.now();
  await recomputeAfter(page, { seed: 8 });
  const recompute = (Date.now() - t0) / 1000;
  const heap = await heapUsage(page);
  console.log(`${process.cwd()}: ${total.toLocaleString('en')} trials; every figure drawn ${open.toFixed(1)} s after opening (heap ${mb(heapOpen.page)} page + ${heapOpen.frames.map(mb).join(' + ')} frames); recompute after seed ${recompute.toFixed(1)} s (heap ${mb(heap.page)} + ${heap.frames.map(mb).join(' + ')}); errors ${errors.length}`);
} finally {
  await browser.close();
  await app.close();
}
process.exit(0);
