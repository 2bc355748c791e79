/** What a file's first bytes say it is. */
export type SniffedContent =
  | { readonly kind: 'parquet' | 'arrow' | 'text' }
  | { readonly kind: 'other'; readonly description: string };

const SIGNATURES: readonly { readonly bytes: readonly number[]; readonly description: string }[] = [
  { bytes: [0x89, 0x50, 0x4e, 0x47], description: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], description: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], description: 'a GIF image' },
  { bytes: [0x25, 0x50, 0x44, 0x46], description: 'a PDF document' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], description: 'a ZIP archive (an Excel or Word file is one)' },
  { bytes: [0x1f, 0x8b], description: 'a gzip archive' },
  { bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], description: 'an SQLite database' },
];

const startsWith = (bytes: Uint8Array, sig: readonly number[], at = 0) => sig.every((b, i) => bytes[at + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/**
 * Looks at the content, not the name: Parquet (`PAR1`), Arrow IPC (`ARROW1` or a stream's
 * continuation marker), well-known binary types by signature, text when the start decodes as UTF-8
 * without NUL bytes, anything else binary.
 */
export function sniffContent(bytes: Uint8Array): SniffedContent {
  if (startsWith(bytes, ascii('PAR1'))) return { kind: 'parquet' };
  if (startsWith(bytes, ascii('ARROW1')) || startsWith(bytes, [0xff, 0xff, 0xff, 0xff])) return { kind: 'arrow' };
  for (const s of SIGNATURES) if (startsWith(bytes, s.bytes)) return { kind: 'other', description: s.description };
  const head = bytes.subarray(0, 4096);
  if (head.includes(0)) return { kind: 'other', description: 'binary data, not text' };
  try {
    // A multi-byte character cut at the 4096th byte is still text: decode in streaming mode.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return { kind: 'text' };
  } catch {
    return { kind: 'other', description: 'binary data, not UTF-8 text' };
  }
}
