/** The caller's budget as budget answers `GET /api/v1/budget`. */
export interface BudgetStatus {
  limitUsd: number;
  spentUsd: number;
  remainingUsd: number;
  resetsAt: string;
}

/** One recent burst as budget answers `GET /api/v1/budget/recent`. */
export interface BurstActivity {
  at: string;
  providers: string[];
  costUsd: number;
  /** Per provider; absent from activity recorded before budget kept it. */
  costsUsd?: Record<string, number>;
  cached: boolean;
  deduplicated: boolean;
  statuses: Record<string, string>;
}

export interface ProviderFigures {
  provider: string;
  bursts: number;
  failures: number;
  /** What each provider cost, from budget's per-provider figures (older records: an even split). */
  estimatedSpendUsd: number;
  spendShare: number | null;
}

export interface Pace {
  spendPerHourUsd: number;
  hoursUntilReset: number;
  hoursUntilExhausted: number | null;
  projectedSpendUsd: number;
  exhaustedBeforeReset: boolean;
}

const HOUR_MS = 3_600_000;
const round = (value: number, digits = 6) => Math.round(value * 10 ** digits) / 10 ** digits;

export function providerFigures(bursts: readonly BurstActivity[]): ProviderFigures[] {
  const figures = new Map<string, { bursts: number; failures: number; spend: number }>();
  for (const burst of bursts) {
    const ok = burst.providers.filter((p) => burst.statuses[p] === 'ok');
    for (const provider of burst.providers) {
      const f = figures.get(provider) ?? { bursts: 0, failures: 0, spend: 0 };
      f.bursts += 1;
      if (ok.includes(provider)) f.spend += burst.costsUsd?.[provider] ?? burst.costUsd / ok.length;
      else f.failures += 1;
      figures.set(provider, f);
    }
  }
  const total = [...figures.values()].reduce((sum, f) => sum + f.spend, 0);
  return [...figures]
    .map(([provider, f]) => ({
      provider,
      bursts: f.bursts,
      failures: f.failures,
      estimatedSpendUsd: round(f.spend, 8),
      spendShare: total > 0 ? round(f.spend / total, 4) : null,
    }))
    .sort((a, b) => b.estimatedSpendUsd - a.estimatedSpendUsd || a.provider.localeCompare(b.provider));
}

export function cacheFigures(bursts: readonly BurstActivity[]) {
  const hits = bursts.filter((b) => b.cached).length;
  return { hits, bursts: bursts.length, hitRate: bursts.length > 0 ? round(hits / bursts.length, 4) : null };
}

/** Today's spend per hour since UTC midnight (at least a minute, so a first burst is not extrapolated wildly). */
export function pace(budget: BudgetStatus, now: number): Pace {
  const parsed = Date.parse(budget.resetsAt);
  const day = new Date(now);
  const resetsAt = Number.isNaN(parsed)
    ? Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate() + 1)
    : parsed;
  const elapsedHours = Math.max((now - (resetsAt - 24 * HOUR_MS)) / HOUR_MS, 1 / 60);
  const rate = budget.spentUsd / elapsedHours;
  const hoursUntilReset = Math.max(0, (resetsAt - now) / HOUR_MS);
  const hoursUntilExhausted = rate > 0 ? budget.remainingUsd / rate : null;
  return {
    spendPerHourUsd: round(rate, 8),
    hoursUntilReset: round(hoursUntilReset, 2),
    hoursUntilExhausted: hoursUntilExhausted === null ? null : round(hoursUntilExhausted, 2),
    projectedSpendUsd: round(budget.spentUsd + rate * hoursUntilReset, 8),
    exhaustedBeforeReset: hoursUntilExhausted !== null && hoursUntilExhausted < hoursUntilReset,
  };
}
