import { upstreamJson, type BreakerRegistry, type ServiceBreaker } from '../../../instrumentation/index.js';
import type { BudgetStatus, BurstActivity } from './figures.js';

/**
 * Whom coach asks on behalf of: the signed identity headers of the client the gateway vouched for
 * (identityHeaders), so budget answers for that client and no other.
 */
export type Caller = Record<string, string>;

/**
 * Budget's per-client endpoints, through one breaker. Failures reach the route as upstreamJson's
 * AppErrors.
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
    return upstreamJson<T>(this.breaker, `${this.baseUrl}${path}`, { headers: caller });
  }
}
