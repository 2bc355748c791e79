import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { singleFilePlugin } from '../../scripts/single-file-plugin';
import { BUNDLE_SLOT } from '../../src/format/embed-bundle';

type Bundle = Record<string, { type: 'asset' | 'chunk'; fileName: string; source?: string; code?: string }>;

/** Runs the plugin's generateBundle on a bundle as Vite hands it over; returns the emitted file. */
function run(bundle: Bundle): { fileName: string; source: string } {
  const publicDir = mkdtempSync(join(tmpdir(), 'public-'));
  writeFileSync(join(publicDir, 'favicon.svg'), '<svg/>');
  const plugin = singleFilePlugin('standalone.html', publicDir);
  const hook = plugin.generateBundle as { handler: (this: unknown, o: unknown, b: Bundle) => void };
  let emitted: { fileName: string; source: string } | null = null;
  hook.handler.call({ emitFile: (f: { fileName: string; source: string }) => (emitted = f) }, {}, bundle);
  return emitted!;
}

const CSP = `<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'sha256-sandbox'; img-src 'self' data:">`;
const html = (extra = '') =>
  `<!doctype html><html><head>${CSP}<link rel="icon" href="./favicon.svg" type="image/svg+xml" /><title>M</title><script type="module" crossorigin src="./assets/index-a.js"></script><link rel="stylesheet" crossorigin href="./assets/index-b.css">${extra}</head><body></body></html>`;

describe('the single-file build', () => {
  it('inlines code, styles and public files, escapes what would end the script, and leaves a slot first in <head>', () => {
    const bundle: Bundle = {
      'index.html': { type: 'asset', fileName: 'index.html', source: html() },
      'assets/index-a.js': { type: 'chunk', fileName: 'assets/index-a.js', code: 'const s = "</script><!-- <script>"; console.log(s);' },
      'assets/index-b.css': { type: 'asset', fileName: 'assets/index-b.css', source: 'body{color:red}' },
    };
    const out = run(bundle);
    expect(out.fileName).toBe('standalone.html');
    expect(Object.keys(bundle)).toEqual([]);
    expect(out.source).toMatch(new RegExp(`^<!doctype html><html><head>\\s*${BUNDLE_SLOT}`));
    expect(out.source).toContain('<script type="module">const s = "\\x3C/script>\\x3C!-- <script>"; console.log(s);</script>');
    expect(out.source).toContain('<style>body{color:red}</style>');
    expect(out.source).toContain(`href="data:image/svg+xml;base64,${Buffer.from('<svg/>').toString('base64')}"`);
    expect(out.source).not.toMatch(/src="\.\/|href="\.\//);
    // The page's CSP now also allows the inlined script, by the hash of its exact text.
    const inlined = 'const s = "\\x3C/script>\\x3C!-- <script>"; console.log(s);';
    expect(out.source).toContain(`script-src 'self' 'sha256-sandbox' 'sha256-${createHash('sha256').update(inlined).digest('base64')}'; img-src`);
  });

  it('refuses a page without a CSP to add the inlined code to, rather than ship a copy that cannot run', () => {
    const bundle: Bundle = {
      'index.html': { type: 'asset', fileName: 'index.html', source: html().replace(CSP, '') },
      'assets/index-a.js': { type: 'chunk', fileName: 'assets/index-a.js', code: 'console.log(1)' },
    };
    expect(() => run(bundle)).toThrow(/no Content-Security-Policy meta/);
  });

  it('refuses code split into chunks, and files the code would load by URL', () => {
    expect(() =>
      run({
        'index.html': { type: 'asset', fileName: 'index.html', source: html() },
        'assets/index-a.js': { type: 'chunk', fileName: 'assets/index-a.js', code: 'import("./lazy-c.js")' },
        'assets/lazy-c.js': { type: 'chunk', fileName: 'assets/lazy-c.js', code: '' },
      }),
    ).toThrow(/expected one JS chunk/);
    expect(() =>
      run({
        'index.html': { type: 'asset', fileName: 'index.html', source: html() },
        'assets/index-a.js': { type: 'chunk', fileName: 'assets/index-a.js', code: 'new Worker(new URL("assets/worker-d.js", import.meta.url))' },
        'assets/worker-d.js': { type: 'asset', fileName: 'assets/worker-d.js', source: '' },
      }),
    ).toThrow(/loads assets\/worker-d.js by URL/);
  });
});
