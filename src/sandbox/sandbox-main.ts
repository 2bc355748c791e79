/**
 * The sandbox's entry point, bundled into one script (see vite.config.ts, `virtual:sandbox-code`)
 * and run inline in an `<iframe sandbox="allow-scripts">` with an opaque origin and a CSP that
 * forbids network: cell code evaluated here cannot read the page's storage or send anything out.
 * It speaks to the page only by postMessage, on the port the page transfers in its first message.
 */
import { SandboxEngine } from './sandbox-engine';
import { sandboxScope } from './sandbox-scope';
import type { ToSandbox } from './protocol';

addEventListener('message', function connect(event: MessageEvent) {
  if (event.source !== parent || event.data !== 'motivelab-sandbox-port' || !event.ports[0]) return;
  removeEventListener('message', connect);
  const port = event.ports[0];
  const engine = new SandboxEngine((m) => port.postMessage(m), sandboxScope);
  port.onmessage = (e: MessageEvent<ToSandbox>) => engine.handle(e.data);
});
