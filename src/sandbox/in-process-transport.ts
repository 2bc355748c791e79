import type { FromSandbox, SandboxTransport, ToSandbox } from './protocol';
import { SandboxEngine } from './sandbox-engine';
import { sandboxScope } from './sandbox-scope';
import { SandboxGate } from './sandbox-gate';

/**
 * A sandbox in the same realm, for unit tests in Node: the same engine and the same messages as
 * the iframe (and the relay's gate), delivered asynchronously and structured-cloned like postMessage does, but no
 * isolation. The app itself always uses the iframe (src/sandbox/iframe-transport.ts).
 */
export function createInProcessSandbox(): SandboxTransport {
  let handler: ((m: FromSandbox) => void) | null = null;
  let disposed = false;
  const deliver = <T>(message: T, to: (m: T) => void, transfer: Transferable[] = []) => {
    const copy = structuredClone(message, { transfer });
    setTimeout(() => !disposed && to(copy), 0);
  };
  // The same gate as the relay frame's, so unit tests see what the page would.
  const gate = new SandboxGate();
  const engine = new SandboxEngine((m) => deliver(m, (x) => {
    const passed = gate.fromCells(x);
    if (passed) handler?.(passed);
  }), sandboxScope);
  return {
    // Cloned (and moved) twice, as on the way through the relay frame; delivered in one task, as before.
    post: (m: ToSandbox, transfer?: Transferable[]) => {
      const admitted = gate.admit(structuredClone(m, { transfer }));
      if (admitted) deliver(admitted.message, (x) => engine.handle(x), admitted.transfer);
    },
    onMessage: (h) => (handler = h),
    dispose: () => (disposed = true),
  };
}
