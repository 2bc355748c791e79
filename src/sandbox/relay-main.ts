/**
 * The sandbox's outer frame: it holds the page's port and nothing else. Cell code runs in an
 * inner `<iframe sandbox="allow-scripts">` of its own opaque origin (the code of sandbox-main.ts,
 * which the page puts in this frame as an inert `text/plain` script), so no cell can reach this
 * realm, its port or its primordials. The relay passes the page's messages in and lets out only
 * what `SandboxGate` allows.
 */
import { SandboxGate } from './sandbox-gate';

const PORT_MESSAGE = 'motivelab-sandbox-port';

addEventListener('message', function connect(event: MessageEvent) {
  if (event.source !== parent || event.data !== PORT_MESSAGE || !event.ports[0]) return;
  removeEventListener('message', connect);
  const page = event.ports[0];
  const gate = new SandboxGate();
  const channel = new MessageChannel();
  const cells = channel.port1;
  page.onmessage = (e: MessageEvent<unknown>) => {
    // Trials come as columns whose buffers move on: checked per column, never read per trial here.
    const admitted = gate.admit(e.data);
    if (admitted) cells.postMessage(admitted.message, admitted.transfer);
  };
  cells.onmessage = (e: MessageEvent<unknown>) => {
    const message = gate.fromCells(e.data);
    if (message) page.postMessage(message);
  };
  const frame = document.createElement('iframe');
  frame.setAttribute('sandbox', 'allow-scripts');
  frame.addEventListener('load', () => frame.contentWindow?.postMessage(PORT_MESSAGE, '*', [channel.port2]), { once: true });
  // The cell frame states the same policy (it also inherits this frame's, as srcdoc frames do).
  const policy = document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? "default-src 'none'";
  const code = document.getElementById('motivelab-cell-code')?.textContent ?? '';
  frame.srcdoc = `<!doctype html><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${policy}"><script>${code}</script>`;
  (document.body ?? document.documentElement).append(frame);
});
