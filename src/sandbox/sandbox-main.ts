/**
 * The sandbox's cell frame, bundled into one script (see vite.config.ts, `virtual:sandbox-code`)
 * and run inline in an `<iframe sandbox="allow-scripts">` that the relay frame (relay-main.ts)
 * creates, with an opaque origin of its own and a CSP that forbids network: cell code evaluated
 * here cannot read the page's storage, send anything out or reach the page's port. It speaks only
 * to the relay, on the port the relay transfers in its first message.
 */
import { SandboxEngine } from './sandbox-engine';
import { sandboxScope } from './sandbox-scope';
import { removeWebRtc } from './remove-webrtc';
import type { ToSandbox } from './protocol';

removeWebRtc();

addEventListener('message', function connect(event: MessageEvent) {
  if (event.source !== parent || event.data !== 'motivelab-sandbox-port' || !event.ports[0]) return;
  removeEventListener('message', connect);
  const port = event.ports[0];
  // Bound now, before any cell code runs, so a cell that wraps MessagePort.prototype.postMessage
  // sees none of the engine's messages. Not the wall (the relay and the page check every message),
  // only one fewer way to disturb other cells.
  const send = MessagePort.prototype.postMessage.bind(port) as (message: unknown) => void;
  const engine = new SandboxEngine((m) => send(m), sandboxScope);
  port.onmessage = (e: MessageEvent<ToSandbox>) => engine.handle(e.data);
});
