/** US$ in words: cents from a dollar up, else two significant digits, so a small limit reads as set (0.035, not 0.04). */
export function usd(n: number): string {
  return `US$ ${n >= 1 ? n.toFixed(2) : String(Number(n.toPrecision(2)))}`;
}
