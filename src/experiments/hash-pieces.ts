/**
 * `stableHash` of the concatenation of `pieces`, without making it: a plan hashes each call's
 * ~6 KB judge prompt from the pieces it is rendered from (MessagesJson), the texts it repeats as
 * their code units. Each kind of piece has its own loop: one loop over both (or over strings of
 * every representation) measured several times slower than stableHash over one string.
 */
export function stableHashOfPieces(pieces: readonly (string | Uint16Array)[]): string {
  let hash = 0x811c9dc5;
  for (let p = 0; p < pieces.length; p++) {
    const piece = pieces[p];
    hash = typeof piece === 'string' ? ofText(hash, piece) : ofCodes(hash, piece);
  }
  return hash.toString(16).padStart(8, '0');
}

function ofText(hash: number, text: string): number {
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

function ofCodes(hash: number, codes: Uint16Array): number {
  for (let i = 0; i < codes.length; i++) {
    hash ^= codes[i];
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
