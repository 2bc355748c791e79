/** A standard normal draw from a uniform generator (Box-Muller), so seeded simulations stay reproducible. */
export function normalDraw(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}
