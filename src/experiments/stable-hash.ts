/**
 * FNV-1a, 32-bit, over the UTF-16 code units of `text`, as 8 hex digits. Not cryptographic:
 * a short, stable fingerprint so an unchanged plan re-expands to identical keys.
 */
export function stableHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
