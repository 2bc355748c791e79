const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/**
 * One text entry as a PNG chunk: `tEXt` when the text is Latin-1 (what the format allows there),
 * else `iTXt` (UTF-8, uncompressed), so a caption with "→" or "²" is kept as written.
 */
function textChunk(keyword: string, text: string): Uint8Array {
  const key = [...keyword.slice(0, 79)].map((c) => c.charCodeAt(0) & 0xff);
  if ([...text].every((c) => c.charCodeAt(0) <= 0xff)) return chunk('tEXt', Uint8Array.from([...key, 0, ...[...text].map((c) => c.charCodeAt(0))]));
  return chunk('iTXt', Uint8Array.from([...key, 0, 0, 0, 0, 0, ...new TextEncoder().encode(text)]));
}

/** The PNG with text entries (Title, Description …) added right after its header chunk (IHDR). */
export function withPngText(png: Uint8Array, entries: Readonly<Record<string, string>>): Uint8Array {
  // 8-byte signature, then IHDR: 4 length + 4 type + 13 data + 4 CRC.
  const at = 8 + 25;
  const chunks = Object.entries(entries).map(([k, v]) => textChunk(k, v));
  const out = new Uint8Array(png.length + chunks.reduce((n, c) => n + c.length, 0));
  out.set(png.subarray(0, at));
  let pos = at;
  for (const c of chunks) {
    out.set(c, pos);
    pos += c.length;
  }
  out.set(png.subarray(at), pos);
  return out;
}
