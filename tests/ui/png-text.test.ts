import { crc32, deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { withPngText } from '../../src/ui/figures/png-text';

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), 8 + data.length);
  return out;
}

/** A valid 1×1 grey PNG, built by hand. */
function tinyPng(): Buffer {
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.from([0, 128]))), chunk('IEND', Buffer.alloc(0))]);
}

function chunks(png: Buffer): { type: string; data: Buffer; crcOk: boolean }[] {
  const out = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const body = png.subarray(at + 4, at + 8 + length);
    out.push({ type: body.toString('latin1', 0, 4), data: body.subarray(4), crcOk: crc32(body) === png.readUInt32BE(at + 8 + length) });
    at += 12 + length;
  }
  return out;
}

describe('PNG text chunks', () => {
  it('adds tEXt for Latin-1 text and iTXt (UTF-8) otherwise, after IHDR, with valid CRCs', () => {
    const png = Buffer.from(withPngText(tinyPng(), { Title: 'Figure 1 · caption', Description: 'Want → Able, R² = 0.4' }));
    const all = chunks(png);
    expect(all.map((c) => c.type)).toEqual(['IHDR', 'tEXt', 'iTXt', 'IDAT', 'IEND']);
    expect(all.every((c) => c.crcOk)).toBe(true);
    expect(all[1].data.toString('latin1')).toBe('Title\0Figure 1 · caption');
    // iTXt: keyword, NUL, compression flag 0, method 0, empty language, NUL, empty translated keyword, NUL, UTF-8 text.
    expect(all[2].data.toString('utf8')).toBe('Description\0\0\0\0\0Want → Able, R² = 0.4');
  });
});
