import { randomUUID } from 'node:crypto';
import { trace } from '@opentelemetry/api';
import {
  clientIdOf,
  inSpan,
  type BreakerRegistry,
  type Logger,
  type PersistentCache,
} from '../../../instrumentation/index.js';
import {
  ATTR_BUDGET_CLIENT_ID,
  ATTR_BUDGET_JOURNALED,
  ATTR_BUDGET_REMAINING_USD,
  ATTR_BURST_CACHED,
  ATTR_BURST_COST_USD,
  ATTR_BURST_DEDUP_JOINED,
  ATTR_BURST_KEY_HASH,
  ATTR_BURST_PROVIDERS_COUNT,
  SPAN_BURST,
} from '../attributes.js';
import { burstKey, type BurstRequest } from './burst-key.js';
import { activityOf, assertBudgetLeft, budgetTooSmall, chargeFor, isCacheable } from './burst-rules.js';
import { BurstMetrics } from './burst-metrics.js';
import { BurstDeduplicator } from './dedup.js';
import type { DistributedFlight } from './distributed-flight.js';
import type { PriceCatalogue } from './price-catalogue.js';
import { toMicros, toUsd } from './spend-figures.js';
import { worstCaseMicros } from './worst-case.js';
import { fanOut, type ProviderResult } from './fan-out.js';
import type { ClientActivity } from './activity.js';
import type { BudgetStatus } from './spend-figures.js';
import type { SpendLedger } from './spend-ledger.js';

export interface StoredBurst {
  id: string;
  results: ProviderResult[];
  totalCostUsd: number;
}

export interface BurstResponse {
  id: string;
  cached: boolean;
  deduplicated: boolean;
  results: ProviderResult[];
  /** What this request cost the client: 0 for a cached or joined answer. */
  totalCostUsd: number;
  budget: Omit<BudgetStatus, 'resetsAt'>;
}

const tracer = trace.getTracer('budget');

export interface BurstDeps {
  cache: PersistentCache<StoredBurst>;
  ledger: SpendLedger;
  activity: ClientActivity;
  breakers: BreakerRegistry;
  providerSimUrl: string;
  prices: PriceCatalogue;
  flight: DistributedFlight<Outcome>;
  logger: Logger;
}

/** A fan-out's answer, and whether it was fetched now (false: a leader had cached it meanwhile). */
export interface Outcome {
  burst: StoredBurst;
  fresh: boolean;
}

function budgetView(status: BudgetStatus): Omit<BudgetStatus, 'resetsAt'> {
  return { limitUsd: status.limitUsd, spentUsd: status.spentUsd, remainingUsd: status.remainingUsd };
}

/** The burst use case: budget check, cache, deduplicated fan-out, then the spend recorded. */
export class BurstService {
  /** Within this replica: concurrent identical bursts share one promise. */
  private readonly dedup = new BurstDeduplicator<{ value: Outcome; joined: boolean }>();
  private readonly metrics = new BurstMetrics();

  constructor(private readonly deps: BurstDeps) {}

  dedupStats() {
    return { led: this.dedup.led, joined: this.dedup.joined, joinedAcrossReplicas: this.deps.flight.joined };
  }

  async cached(request: BurstRequest): Promise<StoredBurst | undefined> {
    return (await this.deps.cache.lookup(burstKey(request)))?.value;
  }

  burst(client: string, request: BurstRequest): Promise<BurstResponse> {
    return inSpan(tracer, SPAN_BURST, async (span) => {
      const key = burstKey(request);
      span.setAttributes({
        [ATTR_BURST_PROVIDERS_COUNT]: request.providers.length,
        [ATTR_BURST_KEY_HASH]: key.slice(0, 16),
        [ATTR_BUDGET_CLIENT_ID]: clientIdOf(client),
      });
      const before = await this.deps.ledger.get(client);
      span.setAttribute(ATTR_BUDGET_REMAINING_USD, before.remainingUsd);
      assertBudgetLeft(before);
      const hit = await this.deps.cache.lookup(key);
      span.setAttribute(ATTR_BURST_CACHED, hit !== undefined);
      if (hit) {
        void this.remember(client, request, hit.value, { cached: true, deduplicated: false, cost: 0 });
        return {
          ...hit.value,
          cached: true,
          deduplicated: false,
          totalCostUsd: 0,
          budget: budgetView(before),
        };
      }
      // The most this burst can cost is set aside first, atomically against the limit on every
      // replica; what it really cost replaces it afterwards, and a failure releases all of it.
      const worstCase = worstCaseMicros(request, await this.deps.prices.current());
      const reservation = await this.deps.ledger.reserve(client, worstCase);
      if (!reservation) throw budgetTooSmall(before, toUsd(worstCase));
      let cost = 0;
      let outcome: Outcome;
      let joined: boolean;
      let after: BudgetStatus;
      try {
        // Joined here, or across replicas through the distributed flight: either way it fanned out once.
        const shared = await this.dedup.run(key, () =>
          this.deps.flight.run(key, () => this.fetchAndCache(key, request)),
        );
        outcome = shared.value.value;
        joined = shared.joined || shared.value.joined;
        cost = chargeFor(outcome.burst.totalCostUsd, { joined, fresh: outcome.fresh });
      } finally {
        const settled = await this.deps.ledger.settle(reservation, toMicros(cost));
        after = settled.budget;
        span.setAttribute(ATTR_BUDGET_JOURNALED, settled.journaled);
      }
      const value = outcome.burst;
      span.setAttribute(ATTR_BURST_DEDUP_JOINED, joined);
      if (joined) this.metrics.joined();
      if (cost > 0) this.metrics.charged(value.results);
      span.setAttribute(ATTR_BURST_COST_USD, cost);
      void this.remember(client, request, value, { cached: !outcome.fresh, deduplicated: joined, cost });
      return {
        ...value,
        cached: !outcome.fresh,
        deduplicated: joined,
        totalCostUsd: cost,
        budget: budgetView(after),
      };
    });
  }

  /** Off the response path: activity figures are best effort and must not add a round trip. */
  private remember(
    client: string,
    request: BurstRequest,
    burst: StoredBurst,
    how: { cached: boolean; deduplicated: boolean; cost: number },
  ): Promise<void> {
    return this.deps.activity
      .record(client, activityOf(request, burst.results, how, new Date()))
      .catch((error: unknown) => this.deps.logger.error({ err: error }, 'recording burst activity failed'));
  }

  private async fetchAndCache(key: string, request: BurstRequest): Promise<Outcome> {
    // A leader that finished between our cache miss and our joining has already cached its answer:
    // look again before calling every provider a second time.
    const late = await this.deps.cache.lookup(key);
    if (late) return { burst: late.value, fresh: false };
    this.metrics.fannedOut();
    const outcome = await fanOut(this.deps.breakers, this.deps.providerSimUrl, request);
    const stored: StoredBurst = { id: randomUUID(), ...outcome };
    if (isCacheable(outcome.results)) await this.deps.cache.set(key, stored);
    return { burst: stored, fresh: true };
  }
}
