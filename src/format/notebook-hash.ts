import type { Notebook } from '../model';
import { serializeNotebook } from './serialize-notebook';

/**
 * SHA-256 of the notebook's canonical text (hex). Identifies a notebook's exact content for
 * trust decisions and provenance: any edit to any cell, or to the title, changes it.
 */
export async function notebookHash(notebook: Notebook): Promise<string> {
  return sha256Hex(serializeNotebook(notebook));
}

/** SHA-256 of a string's UTF-8 bytes, as 64 hex digits (Web Crypto, in browsers and Node). */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
