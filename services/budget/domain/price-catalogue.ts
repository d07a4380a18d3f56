import { AppError, upstreamJson, type BreakerRegistry } from '../../../instrumentation/index.js';
import type { PriceList } from './worst-case.js';

/** Prices change rarely; a minute's staleness bounds how long a changed price is not reserved for. */
const REFRESH_MS = 60_000;
const CATALOGUE_BREAKER = 'provider-sim-catalogue';

interface Catalogue {
  providers?: Array<{ name?: unknown; pricePer1kTokensUsd?: unknown }>;
}

/**
 * provider-sim's price per provider, read from its catalogue and kept for a minute. When the catalogue
 * cannot be read the last list read stays in use; with none at all, reading fails (an AppError from
 * the upstream client) and no burst is admitted.
 */
export class PriceCatalogue {
  private prices: PriceList | undefined;
  private readAt = 0;

  constructor(
    private readonly breakers: BreakerRegistry,
    private readonly providerSimUrl: string,
    private readonly now: () => number = Date.now,
  ) {}

  async current(): Promise<PriceList> {
    if (this.prices && this.now() - this.readAt < REFRESH_MS) return this.prices;
    try {
      const body = await upstreamJson<Catalogue>(
        this.breakers.getOrCreate(CATALOGUE_BREAKER),
        `${this.providerSimUrl}/v1/providers`,
      );
      const entries = (body.providers ?? []).flatMap((p) =>
        typeof p.name === 'string' && typeof p.pricePer1kTokensUsd === 'number'
          ? [[p.name, p.pricePer1kTokensUsd] as const]
          : [],
      );
      this.prices = new Map(entries);
      this.readAt = this.now();
      return this.prices;
    } catch (error) {
      // provider-sim unreachable or answering badly: the last list read still bounds the spend.
      if (this.prices && error instanceof AppError) return this.prices;
      throw error;
    }
  }
}
