import {
  AppError,
  breakerFetch,
  type BreakerRegistry,
  type ServiceBreaker,
} from '../../../instrumentation/index.js';
import type { BudgetStatus, BurstActivity } from './figures.js';

/** Whom coach asks on behalf of: budget must key the same client the gateway saw. */
export interface Caller {
  apiKey: string | undefined;
  ip: string | undefined;
}

/**
 * Budget's per-client endpoints, through one breaker. The caller's `x-api-key` is forwarded and its
 * address sent as `x-forwarded-for` (budget trusts one proxy hop), so budget answers for that client.
 * Failures reach the route as AppErrors: 502 unreachable or failing, 503 circuit open, 504 timeout.
 */
export class BudgetClient {
  private readonly breaker: ServiceBreaker;

  constructor(
    breakers: BreakerRegistry,
    private readonly baseUrl: string,
  ) {
    this.breaker = breakers.create('budget');
  }

  status(caller: Caller): Promise<BudgetStatus> {
    return this.get<BudgetStatus>('/api/v1/budget', caller);
  }

  async recent(caller: Caller, limit: number): Promise<BurstActivity[]> {
    return (await this.get<{ bursts: BurstActivity[] }>(`/api/v1/budget/recent?limit=${limit}`, caller))
      .bursts;
  }

  private async get<T>(path: string, caller: Caller): Promise<T> {
    const headers = new Headers({ accept: 'application/json' });
    if (caller.apiKey) headers.set('x-api-key', caller.apiKey);
    if (caller.ip) headers.set('x-forwarded-for', caller.ip);
    const res = await breakerFetch(this.breaker, `${this.baseUrl}${path}`, { headers });
    if (!res.ok) {
      throw new AppError(502, 'budget_error', `budget answered ${res.status}`, {
        details: { upstreamStatus: res.status },
      });
    }
    return (await res.json()) as T;
  }
}
