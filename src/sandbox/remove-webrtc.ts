/**
 * Deletes WebRTC from a realm before any cell code runs there. WebRTC is the one way out that the
 * sandbox's Content-Security-Policy cannot close: Chromium 156 ignores CSP's `webrtc 'block'`,
 * and a TURN server's username carried data to any UDP port. The constructors are the only way to
 * a peer connection, and cell code cannot get them back: the cell frame's children are cross-origin
 * to it (its own opaque origin, `frame-src 'none'`), workers are refused (`worker-src 'none'`) and
 * popups by the iframe sandbox (tests/e2e/attacks-engine.test.ts tries each). Returns what it
 * deleted.
 */
export function removeWebRtc(realm: object = globalThis): string[] {
  const removed: string[] = [];
  for (const name of Object.getOwnPropertyNames(realm)) {
    if (!/^(webkit)?RTC/.test(name)) continue;
    if (Reflect.deleteProperty(realm, name)) removed.push(name);
  }
  return removed;
}
