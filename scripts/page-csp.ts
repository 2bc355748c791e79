import { createHash } from 'node:crypto';
import type { Plugin } from 'vite';

/** The CSP source of an inline script or style element's exact text. */
export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * The page's Content-Security-Policy, the second wall behind the allow-list sanitiser: nothing
 * of a notebook's HTML can load an image, font, medium, frame, object or stylesheet from another
 * host, or post a form, even if it got past the sanitiser. `connect-src` stays open to every
 * http(s) URL: the user's endpoints can be anywhere, and the study's data comes from GitHub.
 *
 * The sandbox is an `<iframe srcdoc>`, which inherits this policy (and adds its own, stricter):
 * its inline script is allowed by hash (`scriptHashes`), and its cell code needs
 * `'unsafe-eval'`. Inline styles are allowed: CodeMirror writes its themes into `<style>`
 * elements at run time (their text is not known at build time, so no hash), and components set
 * widths inline. That is no way out: a stylesheet loads only from the app (`'self'`, so no
 * `@import` from elsewhere), and whatever CSS asks for is fetched under `img-src` and `font-src`.
 * Notebook HTML has no style at all (the allow-list), so inline styles are only the app's.
 */
export function pageCsp(options: { scriptHashes: readonly string[]; dev?: boolean }): string {
  const dev = options.dev ?? false;
  return [
    "default-src 'self'",
    // Dev: Vite's client and HMR inject inline scripts and styles and speak over a WebSocket.
    `script-src 'self' 'unsafe-eval' ${dev ? "'unsafe-inline'" : options.scriptHashes.join(' ')}`.trim(),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "media-src 'none'",
    `connect-src 'self' http: https: data: blob:${dev ? ' ws: wss:' : ''}`,
    "worker-src 'self' blob:",
    "frame-src 'self'",
    "object-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
    "manifest-src 'self'",
  ].join('; ');
}

/** The policy as the first element of <head>. */
export function cspMeta(policy: string): string {
  return `<meta http-equiv="Content-Security-Policy" content="${policy}">`;
}

/**
 * Puts the page's policy into index.html: in a build with the hash of the sandbox's inline
 * scripts (`sandboxScripts()`: the relay's and the cell frame's, read once the sandbox code is built), under `vite dev` a relaxed one.
 * The one-file build adds the hashes of what it inlines (single-file-plugin.ts).
 */
export function pageCspPlugin(sandboxScripts: () => readonly string[] | null): Plugin {
  let dev = false;
  return {
    name: 'motivelab-page-csp',
    configResolved(config) {
      dev = config.command === 'serve';
    },
    transformIndexHtml: {
      order: 'post',
      handler(html) {
        const scripts = sandboxScripts();
        if (!dev && scripts === null) throw new Error('page CSP: the sandbox code was not built, so its hashes are unknown');
        const policy = pageCsp({ scriptHashes: (scripts ?? []).map(cspHash), dev });
        return html.replace(/<head>/i, (h) => `${h}\n    ${cspMeta(policy)}`);
      },
    },
  };
}
