import { upstreamJson, type BreakerRegistry, type ServiceBreaker } from '../../../instrumentation/index.js';
import type { BudgetStatus, BurstActivity } from './figures.js';

/** Whom coach asks on behalf of: budget must key the same client the gateway saw. */
export interface Caller {
  apiKey: string | undefined;
  ip: string | undefined;
}

/**
 * Budget's per-client endpoints, through one breaker. The caller's `x-api-key` is forwarded and its
 * address sent as `x-forwarded-for` (budget trusts one proxy hop), so budget answers for that client.
 * Failures reach the route as upstreamJson's AppErrors.
 */
export class BudgetClient {
  private readonly breaker: ServiceBreaker;

  constructor(
    breakers: BreakerRegistry,
    private readonly baseUrl: string,
  ) {
    this.breaker = breakers.getOrCreate('budget');
  }

  status(caller: Caller): Promise<BudgetStatus> {
    return this.get<BudgetStatus>('/api/v1/budget', caller);
  }

  async recent(caller: Caller, limit: number): Promise<BurstActivity[]> {
    return (await this.get<{ bursts: BurstActivity[] }>(`/api/v1/budget/recent?limit=${limit}`, caller))
      .bursts;
  }

  private get<T>(path: string, caller: Caller): Promise<T> {
    const headers = new Headers();
    if (caller.apiKey) headers.set('x-api-key', caller.apiKey);
    if (caller.ip) headers.set('x-forwarded-for', caller.ip);
    return upstreamJson<T>(this.breaker, `${this.baseUrl}${path}`, { headers });
  }
}
