import { AppError } from '../../../instrumentation/index.js';
import type { BurstActivity } from './activity.js';
import type { BurstRequest } from './burst-key.js';
import type { ProviderResult } from './fan-out.js';
import type { BudgetStatus } from './spend-figures.js';

/** The budget is checked before any provider is called: nothing left means no burst at all. */
export function assertBudgetLeft(status: BudgetStatus): void {
  if (status.remainingUsd <= 0) {
    throw new AppError(402, 'budget_exhausted', 'Spending limit reached for this period', {
      details: { limitUsd: status.limitUsd, spentUsd: status.spentUsd, resetsAt: status.resetsAt },
    });
  }
}

/** The burst's worst case does not fit in what the client has left: 402, and no provider is called. */
export function budgetTooSmall(status: BudgetStatus, worstCaseUsd: number): AppError {
  return new AppError(402, 'budget_exhausted', 'This burst could cost more than the budget has left', {
    details: {
      limitUsd: status.limitUsd,
      spentUsd: status.spentUsd,
      remainingUsd: status.remainingUsd,
      worstCaseUsd,
      resetsAt: status.resetsAt,
    },
  });
}

/** Only the client whose request called the providers pays; a cached or shared answer is free. */
export function chargeFor(totalCostUsd: number, how: { joined: boolean; fresh: boolean }): number {
  return how.joined || !how.fresh ? 0 : totalCostUsd;
}

/** A partial answer is not cached: the next burst should see a recovered provider at once. */
export function isCacheable(results: readonly ProviderResult[]): boolean {
  return results.every((r) => r.status === 'ok');
}

/** One burst as coach and segmentation see it; a provider's cost is 0 when the client paid nothing. */
export function activityOf(
  request: BurstRequest,
  results: readonly ProviderResult[],
  how: { cached: boolean; deduplicated: boolean; cost: number },
  at: Date,
): BurstActivity {
  return {
    at: at.toISOString(),
    providers: request.providers,
    costUsd: how.cost,
    costsUsd: Object.fromEntries(results.map((r) => [r.provider, how.cost > 0 ? r.costUsd : 0])),
    cached: how.cached,
    deduplicated: how.deduplicated,
    statuses: Object.fromEntries(results.map((r) => [r.provider, r.status])),
  };
}
