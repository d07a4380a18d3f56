import { trace } from '@opentelemetry/api';
import { inSpan, type BreakerRegistry, type PersistentCache } from '../../../instrumentation/index.js';
import {
  ATTR_CAPABILITIES_BUDGET_REACHABLE,
  ATTR_CAPABILITIES_CACHED,
  ATTR_CAPABILITIES_PROVIDERS_COUNT,
  SPAN_CAPABILITIES,
} from '../attributes.js';
import { withBreakerStates, type ProviderCapability } from './provider-answers.js';
import { fetchBreakerStates, fetchProviders } from './upstreams.js';

const tracer = trace.getTracer('capabilities');
const CACHE_KEY = 'merged';
export interface CapabilitiesView {
  generatedAt: string;
  /** False when budget could not be asked: every breakerState is then 'unknown'. */
  budgetReachable: boolean;
  providers: ProviderCapability[];
}

/** Carries a degraded view out of the cache's factory: rejecting keeps it out of the cache. */
class UncachedView extends Error {
  constructor(readonly view: CapabilitiesView) {
    super('degraded view is not cached');
  }
}

export class CapabilitiesService {
  constructor(
    private readonly deps: {
      cache: PersistentCache<CapabilitiesView>;
      breakers: BreakerRegistry;
      providerSimUrl: string;
      budgetUrl: string;
    },
  ) {}

  /** The merged view, from the cache when one younger than its TTL exists. */
  list(): Promise<CapabilitiesView & { cached: boolean }> {
    return inSpan(tracer, SPAN_CAPABILITIES, async (span) => {
      let built = false;
      let view: CapabilitiesView;
      try {
        view = await this.deps.cache.getOrSet(CACHE_KEY, async () => {
          built = true;
          const fresh = await this.merge();
          // Not cached while budget is away, so its return shows on the next call. Callers sharing
          // this flight still receive the view through the rejection.
          if (!fresh.budgetReachable) throw new UncachedView(fresh);
          return fresh;
        });
      } catch (error) {
        if (!(error instanceof UncachedView)) throw error;
        built = true;
        view = error.view;
      }
      span.setAttributes({
        [ATTR_CAPABILITIES_CACHED]: !built,
        [ATTR_CAPABILITIES_BUDGET_REACHABLE]: view.budgetReachable,
        [ATTR_CAPABILITIES_PROVIDERS_COUNT]: view.providers.length,
      });
      return { ...view, cached: !built };
    });
  }

  /** Asks provider-sim and budget at once; each provider gets its breaker's state in budget. */
  private async merge(): Promise<CapabilitiesView> {
    const [providers, states] = await Promise.all([
      fetchProviders(this.deps.breakers, this.deps.providerSimUrl),
      fetchBreakerStates(this.deps.breakers, this.deps.budgetUrl),
    ]);
    return {
      generatedAt: new Date().toISOString(),
      budgetReachable: states !== undefined,
      providers: withBreakerStates(providers, states),
    };
  }
}
