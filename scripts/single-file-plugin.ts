import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';
import { BUNDLE_SLOT } from '../src/format/embed-bundle.ts';
import { cspHash } from './page-csp.ts';


/**
 * Makes the build one self-contained HTML file, `fileName`: every JS chunk (the build must not
 * split code) inlined as a module script, every stylesheet as a style element, and every other
 * asset as a data URL, so it opens from disk with no network. `</script` and `<!--` inside the
 * code are escaped so the HTML parser cannot end the script early. A slot for an embedded
 * notebook bundle is placed at the start of <head>.
 */
export function singleFilePlugin(fileName: string, publicDir: string): Plugin {
  return {
    name: 'motivelab-single-file',
    enforce: 'post',
    // After Vite's own generateBundle work (e.g. filling in the dynamic-import preload lists).
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const html = Object.values(bundle).find((f) => f.type === 'asset' && f.fileName.endsWith('.html'));
        if (!html || html.type !== 'asset') throw new Error('single-file build: no HTML entry in the bundle');
        let text = String(html.source);
        const files = Object.values(bundle);
        const chunks = files.filter((f) => f.type === 'chunk');
        if (chunks.length !== 1) throw new Error(`single-file build: expected one JS chunk, got ${chunks.map((c) => c.fileName).join(', ')}`);
        // A file the code loads by URL (a worker, wasm) would be missing from the one file: inline it at its import instead (`?worker&inline`, `?inline`).
        const code = chunks[0].type === 'chunk' ? chunks[0].code : '';
        const loaded = files.filter((f) => f.type === 'asset' && f !== html && !f.fileName.endsWith('.css') && code.includes(f.fileName));
        if (loaded.length) throw new Error(`single-file build: the code loads ${loaded.map((f) => f.fileName).join(', ')} by URL; import it inlined (e.g. ?worker&inline or ?inline) so the one-file app works offline`);
        // The page's CSP (page-csp.ts) allows inline scripts by hash only: add those inlined here.
        const scriptHashes: string[] = [];
        for (const f of files) {
          if (f === html) continue;
          const url = new RegExp(`(?:\\./)?${escapeRegExp(f.fileName)}`);
          if (f.type === 'chunk') {
            const tag = new RegExp(`<script type="module" crossorigin src="${url.source}"></script>`);
            if (!tag.test(text)) throw new Error(`single-file build: no script tag for ${f.fileName}`);
            const script = escapeScript(f.code);
            scriptHashes.push(cspHash(script));
            text = text.replace(tag, () => `<script type="module">${script}</script>`);
          } else if (f.fileName.endsWith('.css')) {
            const tag = new RegExp(`<link rel="stylesheet" crossorigin href="${url.source}">`);
            if (!tag.test(text)) throw new Error(`single-file build: no stylesheet link for ${f.fileName}`);
            text = text.replace(tag, () => `<style>${String(f.source).replace(/<\/style/gi, '<\\/style')}</style>`);
          } else {
            const data = `data:${mimeOf(f.fileName)};base64,${Buffer.from(f.source).toString('base64')}`;
            text = text.replace(new RegExp(url.source, 'g'), () => data);
          }
          delete bundle[f.fileName];
        }
        // Files of public/ (the favicon) are referenced, not bundled: inline them too.
        text = text.replace(/(href|src)="\.\/([\w.-]+)"/g, (whole, attr: string, name: string) => {
          const file = join(publicDir, name);
          return existsSync(file) ? `${attr}="data:${mimeOf(name)};base64,${readFileSync(file).toString('base64')}"` : whole;
        });
        text = addScriptHashes(text, scriptHashes);
        text = text.replace(/<head>/i, (h) => `${h}\n    ${BUNDLE_SLOT}`);
        delete bundle[html.fileName];
        this.emitFile({ type: 'asset', fileName, source: text });
      },
    },
  };
}

/**
 * Code that cannot close its own script element or open an HTML comment in it: the `<` of
 * `</script` and `<!--` becomes `\x3C`, which means `<` in strings, templates and regular
 * expressions alike (a module cannot hold either sequence outside of those and comments).
 */
function escapeScript(code: string): string {
  return code.replace(/<(\/script|!--)/gi, '\\x3C$1');
}

/** The page's CSP meta with these hashes added to its script-src (the meta must be there). */
function addScriptHashes(html: string, hashes: readonly string[]): string {
  const meta = /(<meta http-equiv="Content-Security-Policy" content="[^"]*script-src [^;"]*)/;
  if (!meta.test(html)) throw new Error('single-file build: no Content-Security-Policy meta with a script-src to add the inlined code\'s hashes to');
  return html.replace(meta, (whole) => [whole, ...hashes].join(' '));
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function mimeOf(name: string): string {
  const ext = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
  return { svg: 'image/svg+xml', png: 'image/png', woff2: 'font/woff2', woff: 'font/woff', wasm: 'application/wasm', json: 'application/json' }[ext] ?? 'application/octet-stream';
}
