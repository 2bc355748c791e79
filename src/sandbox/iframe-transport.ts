import type { FromSandbox, SandboxTransport, ToSandbox } from './protocol';

/**
 * The sandbox's content policy: scripts only inline (its own bundle) and by eval (cell code),
 * no network of any kind, images only from data: and blob: URLs.
 */
export const SANDBOX_CSP = [
  "default-src 'none'",
  "script-src 'unsafe-inline' 'unsafe-eval'",
  "style-src 'unsafe-inline'",
  'img-src data: blob:',
  'font-src data:',
  "connect-src 'none'",
  "worker-src 'none'",
  "frame-src 'none'",
  "form-action 'none'",
  "base-uri 'none'",
].join('; ');

let sandboxCode: Promise<[code: string, relay: string]> | null = null;

/**
 * The sandbox's code and the relay's, each its own chunk: fetched when the first notebook opens,
 * once for every sandbox after it. A failed load is tried again on the next call.
 */
function loadSandboxCode(): Promise<[code: string, relay: string]> {
  sandboxCode ??= Promise.all([import('virtual:sandbox-code'), import('virtual:sandbox-relay-code')]).then(
    ([{ default: code }, { default: relay }]): [string, string] => [code, relay],
    (error: unknown) => {
      sandboxCode = null;
      throw error;
    },
  );
  return sandboxCode;
}

/**
 * The page's half of the sandbox: a hidden `<iframe sandbox="allow-scripts">` (no
 * allow-same-origin, so an opaque origin without the page's IndexedDB, storage or DOM) whose
 * srcdoc holds the relay (relay-main.ts) and, as inert text, the sandbox's code, which the relay
 * runs in a frame of its own. Messages go over a MessageChannel, whose port only this page and
 * the relay hold. The code (about 3 MB) is its own chunk, loaded when the first notebook opens,
 * so the notebook list does not wait for it.
 */
export function createIframeSandbox(parent: HTMLElement = document.body): SandboxTransport {
  const channel = new MessageChannel();
  const frame = document.createElement('iframe');
  frame.setAttribute('sandbox', 'allow-scripts');
  frame.setAttribute('aria-hidden', 'true');
  frame.tabIndex = -1;
  frame.title = 'Motivelab sandbox';
  frame.className = 'sandbox-frame';
  frame.style.display = 'none';
  frame.addEventListener('load', () => frame.contentWindow?.postMessage('motivelab-sandbox-port', '*', [channel.port2]), { once: true });
  let disposed = false;
  let onRunning: ((e: MessageEvent) => void) | null = null;
  void loadSandboxCode().then(([code, relay]) => {
    if (disposed) return;
    frame.srcdoc = `<!doctype html><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${SANDBOX_CSP}"><script type="text/plain" id="motivelab-cell-code">${code}</script><script>${relay}</script>`;
    parent.append(frame);
  });
  return {
    // Messages posted before the frame has the port wait in the channel.
    post: (m: ToSandbox, transfer?: Transferable[]) => channel.port1.postMessage(m, transfer ?? []),
    onMessage: (handler) => {
      channel.port1.onmessage = (e: MessageEvent<FromSandbox>) => handler(e.data);
      // The cell frame's direct word that a cell's code starts (sandbox-engine.ts): only from that
      // frame, only a cell id; the page's gate still checks the cell exists.
      onRunning = (e: MessageEvent) => {
        const id = (e.data as { motivelabRunning?: unknown } | null)?.motivelabRunning;
        const cells = frame.contentWindow?.frames[0];
        if (typeof id !== 'string' || id.length >= 200 || !cells || e.source !== cells) return;
        handler({ type: 'running', id });
        cells.postMessage({ motivelabHeard: id }, '*');
      };
      window.addEventListener('message', onRunning);
    },
    dispose: () => {
      disposed = true;
      channel.port1.close();
      if (onRunning) window.removeEventListener('message', onRunning);
      frame.remove();
    },
  };
}
