import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { addEndpoint, startBrowserApp, stopBrowserApp } from './harness';
import { startTestServer, type TestServer } from '../server/test-server';

/**
 * Large studies through the Batch API, in Chromium against the local server: the quick start's
 * plan exported as JSONL, submitted as a batch, the page reloaded while it runs, polling resumed
 * with progress, results imported exactly once (also after another reload and a re-import of the
 * same results file), and the batch's failed lines retried live.
 */
let llm: TestServer;
let app: { url: string; close(): Promise<void> };
let browser: Browser;
let page: Page;
let errors: string[];

const KEY = 'sk-batch-e2e-5678';
const cell = (name: string) => page.locator(`[data-cell-name="${name}"]`);
const status = () => cell('ratings').getByTestId('batch-status');
type Row = { key: string; status: string; value: number | null };
/** The ratings cell's rows, once the sandbox has computed it (after a reload it computes anew). */
const rows = async () => {
  await page.locator('[data-cell-name="ratings"][data-status="fulfilled"]').waitFor();
  return page.evaluate(async () => (await (window as unknown as { motivelab: { cell(n: string): Promise<{ value: unknown } | null> } }).motivelab.cell('ratings'))!.value as Row[]);
};
const chatCalls = () => llm.requests.filter((r) => r.path.endsWith('/chat/completions')).length;

beforeAll(async () => {
  // Two of the twenty lines fail: one to the error file, one with a 500 in the output file.
  llm = await startTestServer({
    models: ['model-a', 'model-b'],
    apiKey: KEY,
    batch: { validateMs: 300, processMs: 5000, finalizeMs: 300, fail: (_id, i) => (i === 4 ? 'error' : i === 11 ? 500 : null) },
  });
  ({ app, browser, page, errors } = await startBrowserApp());
});

afterAll(async () => {
  await stopBrowserApp({ app, browser });
  await llm?.close();
});

async function typeInto(label: string, name: string, text: string) {
  await cell(name).getByLabel(label).click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

describe('the Batch API in Chromium', () => {
  it('exports the plan as JSONL, one request per planned trial', async () => {
    await page.goto(app.url);
    await addEndpoint(page, { name: 'local', baseURL: llm.url, apiKey: KEY });
    await page.getByRole('link', { name: 'Notebooks' }).click();
    await page.getByRole('button', { name: /Quick start/ }).click();
    await cell('ratings').waitFor();
    await typeInto('Endpoint name (from Settings)', 'endpoint', 'local');
    await typeInto('Models (comma-separated)', 'models', 'model-a, model-b');
    await cell('ratings').getByText(/calls planned/).filter({ hasText: '2 models' }).waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), cell('ratings').getByRole('button', { name: 'Export plan as JSONL' }).click()]);
    expect(download.suggestedFilename()).toBe('ratings-plan.jsonl');
    const text = readFileSync((await download.path())!, 'utf8');
    const lines = text.trim().split('\n').map((l) => JSON.parse(l) as { custom_id: string; method: string; url: string; body: { model: string; messages: { role: string; content: string }[]; temperature: number; max_tokens: number } });
    expect(lines).toHaveLength(20);
    expect(new Set(lines.map((l) => l.custom_id)).size).toBe(20);
    expect(lines.every((l) => l.method === 'POST' && l.url === '/v1/chat/completions' && l.body.temperature === 1 && l.body.max_tokens === 20)).toBe(true);
    expect(new Set(lines.map((l) => l.body.model))).toEqual(new Set(['model-a', 'model-b']));
    expect(lines[0].body.messages[0].content).toMatch(/How motivated are you/);
    expect(text).not.toContain(KEY);
  });

  it('submits a batch, resumes polling after a reload, and imports every trial exactly once', async () => {
    const started = Date.now();
    await cell('ratings').getByRole('button', { name: 'Submit as batch' }).click();
    await status().filter({ hasText: /validating|in progress/ }).waitFor();
    expect(llm.batches.batches.size).toBe(1);
    const [held] = llm.batches.batches.values();
    expect(held.lines).toHaveLength(20);
    expect(chatCalls()).toBe(0);
    expect(llm.requests.filter((r) => r.path.startsWith('/v1/')).every((r) => r.authorization === `Bearer ${KEY}`)).toBe(true);

    // Reload while the batch runs: the notebook comes back following it, with progress.
    await page.waitForTimeout(1500);
    await page.reload();
    await cell('ratings').waitFor();
    await status().filter({ hasText: /in progress/ }).waitFor();
    const polls = () => llm.requests.filter((r) => r.method === 'GET' && r.path === `/v1/batches/${held.id}`).length;
    const before = polls();
    const completed = async () => Number(/(\d+) completed/.exec((await status().textContent()) ?? '')?.[1] ?? -1);
    const first = await completed();
    expect(first).toBeGreaterThanOrEqual(0);
    expect(first).toBeLessThan(20);
    // Polling goes on after the reload: the count of completed requests grows.
    const deadline = Date.now() + 15_000;
    while ((await completed()) <= first && Date.now() < deadline) await page.waitForTimeout(200);
    expect(await completed()).toBeGreaterThan(first);
    expect(polls()).toBeGreaterThan(before);
    expect(await cell('ratings').getByRole('progressbar', { name: 'Batch progress' }).getAttribute('aria-valuemax')).toBe('20');

    await status().filter({ hasText: 'imported' }).waitFor({ timeout: 30_000 });
    await cell('ratings').getByTestId('batch-message').filter({ hasText: 'Imported 20 results (18 answered, 2 failed)' }).waitFor();
    await status().filter({ hasText: '18 completed' }).filter({ hasText: '2 failed' }).waitFor();
    console.log(`batch e2e: submitted to imported in ${((Date.now() - started) / 1000).toFixed(1)} s, ${polls()} status polls`);
    const imported = await rows();
    expect(imported).toHaveLength(20);
    expect(new Set(imported.map((r) => r.key)).size).toBe(20);
    expect(imported.filter((r) => r.status === 'failed')).toHaveLength(2);
    expect(imported.filter((r) => r.status === 'ok').every((r) => typeof r.value === 'number')).toBe(true);
    expect(chatCalls()).toBe(0);
  });

  it('imports nothing twice: not after another reload, not when the same results file is imported again', async () => {
    await page.reload();
    await cell('ratings').waitFor();
    await status().filter({ hasText: 'imported' }).waitFor();
    await page.waitForTimeout(500);
    await expect.poll(async () => (await rows()).length).toBe(20);
    await cell('ratings').getByRole('button', { name: /Show trials \(20\)/ }).waitFor();

    const [held] = llm.batches.batches.values();
    const output = llm.batches.files.get(held.outputFileId!)!.content + llm.batches.files.get(held.errorFileId!)!.content;
    await cell('ratings').locator('input[type="file"]').setInputFiles({ name: 'results.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(output) });
    await cell('ratings').getByTestId('batch-message').filter({ hasText: /Imported 0 results.*20 already had results/ }).waitFor();
    expect(await rows()).toHaveLength(20);
    await cell('ratings').getByRole('button', { name: /Show trials \(20\)/ }).waitFor();
  });

  it('retries the batch’s failed lines live', async () => {
    await cell('ratings').getByRole('button', { name: 'Run (retry 2 failed)' }).click();
    await cell('ratings').locator('.progress [role="status"]').filter({ hasText: /Finished/ }).waitFor();
    expect(chatCalls()).toBe(2);
    const after = await rows();
    expect(after).toHaveLength(20);
    expect(after.every((r) => r.status === 'ok')).toBe(true);
    // Retried failures count once, as ok: nothing is left to retry.
    await cell('ratings').getByTestId('run-experiment').filter({ hasText: /^\s*Run experiment\s*$/ }).waitFor();
    expect(errors).toEqual([]);
  });

  it('cancels a batch from the cell: what was not done comes back as failed trials', async () => {
    llm.configure({ batch: { processMs: 600_000 } });
    await cell('reps').getByLabel('Repetitions').fill('3');
    await cell('ratings').getByText(/calls planned/).filter({ hasText: '3 repetitions' }).waitFor();
    await cell('ratings').getByRole('button', { name: 'Submit as batch' }).click();
    await status().filter({ hasText: /validating|in progress/ }).waitFor();
    const held = [...llm.batches.batches.values()].at(-1)!;
    expect(held.lines).toHaveLength(10);
    await cell('ratings').getByRole('button', { name: 'Cancel batch' }).click();
    await status().filter({ hasText: 'imported' }).waitFor({ timeout: 20_000 });
    expect(held.end?.status).toBe('cancelled');
    await status().filter({ hasText: '10 failed' }).waitFor();
    const after = await rows();
    expect(after).toHaveLength(30);
    expect(after.filter((r) => r.status === 'failed')).toHaveLength(10);
    await cell('ratings').getByRole('button', { name: /Run \(retry \d+ failed\)/ }).waitFor();
    expect(errors).toEqual([]);
  });

  it('two tabs reopening a notebook whose batches ended pay each planned call once, and both show the trials', async () => {
    const chain = `---
title: Chain
---

\`\`\`experiment answers
{
  endpoint: 'local',
  models: ['model-a', 'model-b'],
  tasks: [{ id: 'poem', text: 'Write a poem.' }, { id: 'sort', text: 'Sort numbers.' }, { id: 'tax', text: 'Do taxes.' }],
  conditions: [{ name: 'none', prefix: '' }, { name: 'money', prefix: 'You get $5.' }],
  prompt: '{{prefix}} How motivated are you to do this, {{min}} to {{max}}? {{task}}',
  scale: { min: 1, max: 10 },
  repetitions: 1,
  maxTokens: 30,
}
\`\`\`

\`\`\`experiment judge
{
  endpoint: 'local',
  models: ['model-a'],
  evaluates: answers.filter((d) => d.status === 'ok'),
  prompt: 'Rate this answer to {{task}} from {{min}} to {{max}}: {{answer}}',
  scale: { min: 1, max: 7 },
  repetitions: 1,
}
\`\`\`
`;
    llm.configure({ batch: { validateMs: 100, processMs: 300, finalizeMs: 100 } });
    const earlier = new Set(llm.batches.files.keys());
    // A fresh profile: its own storage, shared by the tabs opened in it, as in one browser.
    const context = await browser.newContext();
    const tabErrors: string[] = [];
    const open = async () => {
      const tab = await context.newPage();
      tab.on('dialog', (d) => void d.accept());
      tab.on('console', (m) => m.type() === 'error' && tabErrors.push(m.text()));
      tab.on('pageerror', (e) => tabErrors.push(e.message));
      return tab;
    };
    const first = await open();
    await first.goto(app.url);
    await first.getByRole('link', { name: 'Settings' }).click();
    await first.getByLabel('Name').fill('local');
    await first.getByLabel('Base URL').fill(llm.url);
    await first.getByLabel('API key').fill(KEY);
    await first.getByLabel(/One model per Batch API file/).check();
    await first.getByRole('button', { name: 'Save' }).click();
    await first.getByText('sk-…5678').waitFor();
    await first.getByRole('link', { name: 'Notebooks' }).click();
    await first.getByTestId('import-notebook').setInputFiles({ name: 'chain.md', mimeType: 'text/markdown', buffer: Buffer.from(chain) });
    await first.getByTestId('review-trust').click();
    await first.getByTestId('trust').click();
    await first.locator('[data-cell-name="answers"][data-status="fulfilled"]').waitFor();
    await first.getByRole('button', { name: 'Submit all as batch' }).click();
    // An imported notebook asks before its first paid call, batches included.
    await first.getByTestId('paid-call-confirm').click();
    await first.getByTestId('batch-chain').filter({ hasText: 'Submitted answers (12); waiting for the batches they read: judge.' }).waitFor();
    const notebookUrl = first.url();
    // The tab closes; the two batches (one per model) end meanwhile.
    await first.close();
    await new Promise((r) => setTimeout(r, 1500));

    const tabs = [await open(), await open()];
    await Promise.all(tabs.map((t) => t.goto(notebookUrl)));
    for (const tab of tabs) {
      await tab.locator('[data-cell-name="judge"]').getByTestId('batch-status').filter({ hasText: 'imported' }).waitFor({ timeout: 30_000 });
    }
    await new Promise((r) => setTimeout(r, 1000));

    const inputs = [...llm.batches.files].filter(([id, f]) => f.purpose === 'batch' && !earlier.has(id)).map(([, f]) => f.content.trim().split('\n').map((l) => JSON.parse(l) as { custom_id: string; body: { model: string } }));
    // Answers: one file per model; then the judge's one file.
    expect(inputs.map((lines) => [...new Set(lines.map((l) => l.body.model))].join())).toEqual(['model-a', 'model-b', 'model-a']);
    const ids = inputs.flat().map((l) => l.custom_id);
    expect(ids).toHaveLength(24);
    expect(new Set(ids).size).toBe(24);
    for (const tab of tabs) {
      const count = (name: string) => tab.evaluate(async (n) => ((await (window as unknown as { motivelab: { cell(n: string): Promise<{ value: unknown } | null> } }).motivelab.cell(n))?.value as unknown[]).length, name);
      await expect.poll(() => count('answers')).toBe(12);
      await expect.poll(() => count('judge')).toBe(12);
      await tab.locator('[data-cell-name="judge"]').getByTestId('batch-message').filter({ hasText: 'Imported 12 results (12 answered, 0 failed)' }).waitFor();
      expect(await tab.locator('[data-cell-name="answers"]').getByTestId('batch-message').textContent()).toMatch(/^Imported 6 results \(6 answered, 0 failed\)/);
    }
    expect(tabErrors).toEqual([]);
    await context.close();
  });
});
