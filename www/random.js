// Random draws the page and its workers make themselves (the model's own come from the crate).

/** A standard normal draw (Box–Muller; 1 − u keeps the logarithm finite). */
export function gaussian() {
  return Math.sqrt(-2 * Math.log(1 - Math.random())) * Math.cos(2 * Math.PI * Math.random());
}
