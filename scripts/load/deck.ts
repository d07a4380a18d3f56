/**
 * Draws items in proportion to their weights, exactly: each round of draws (as many as the weights
 * add up to) holds every item its weight's number of times, in a new random order. A short run still
 * sends every kind of request, which independent random picks would not promise.
 */
export function weightedDeck<T>(weights: ReadonlyArray<readonly [T, number]>, random = Math.random): () => T {
  const full = weights.flatMap(([item, weight]) => Array<T>(weight).fill(item));
  if (full.length === 0) throw new RangeError('weightedDeck needs at least one positive weight');
  let deck: T[] = [];
  return () => {
    if (deck.length === 0) {
      deck = [...full];
      // Fisher–Yates.
      for (let i = deck.length - 1; i > 0; i -= 1) {
        const j = Math.floor(random() * (i + 1));
        [deck[i], deck[j]] = [deck[j]!, deck[i]!];
      }
    }
    return deck.pop()!;
  };
}
