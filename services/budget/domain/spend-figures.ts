/** Spend is kept in whole micro-dollars, so INCRBY adds exactly and atomically across replicas. */
const MICROS_PER_USD = 1_000_000;

export interface BudgetStatus {
  limitUsd: number;
  spentUsd: number;
  remainingUsd: number;
  resetsAt: string;
}

export const toMicros = (usd: number) => Math.round(usd * MICROS_PER_USD);
/** Rounded up: an upper bound stays an upper bound in micro-dollars. */
export const toMicrosAtLeast = (usd: number) => Math.ceil(usd * MICROS_PER_USD - 1e-6);
export const toUsd = (micros: number) => Math.round(micros) / MICROS_PER_USD;

/** The UTC day (`YYYY-MM-DD`) a spend or a request counts towards: budgets reset at UTC midnight. */
export function dayOf(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}

export function nextMidnight(now: number): string {
  const date = new Date(now);
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 1)).toISOString();
}

/** A client's day against its limit; what is left never goes below zero, even after an overshoot. */
export function budgetStatus(spentMicros: number, limitUsd: number, now: number): BudgetStatus {
  return {
    limitUsd,
    spentUsd: toUsd(spentMicros),
    remainingUsd: toUsd(Math.max(0, toMicros(limitUsd) - spentMicros)),
    resetsAt: nextMidnight(now),
  };
}
