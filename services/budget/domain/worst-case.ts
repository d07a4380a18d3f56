import { AppError } from '../../../instrumentation/index.js';
import type { BurstRequest } from './burst-key.js';
import { toMicrosAtLeast } from './spend-figures.js';

/** Each provider's price, as its catalogue states it. */
export type PriceList = ReadonlyMap<string, number>;

/**
 * The most a burst can cost, in micro-dollars, rounded up: for each provider, every prompt character
 * counted as a token (no tokenizer yields more tokens than characters) plus `maxTokens` of answer, at
 * that provider's price per 1,000 tokens. A provider with no known price cannot be bounded, so the
 * burst cannot be admitted: 503, never an unbounded spend.
 */
export function worstCaseMicros(request: BurstRequest, prices: PriceList): number {
  let usd = 0;
  for (const provider of request.providers) {
    const price = prices.get(provider);
    if (price === undefined) {
      throw new AppError(503, 'pricing_unavailable', `No price is known for provider ${provider}`);
    }
    usd += ((request.prompt.length + request.maxTokens) / 1000) * price;
  }
  return toMicrosAtLeast(usd);
}
