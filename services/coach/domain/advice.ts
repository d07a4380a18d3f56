import {
  cacheFigures,
  pace,
  providerFigures,
  type BudgetStatus,
  type BurstActivity,
  type Pace,
  type ProviderFigures,
} from './figures.js';

export interface Advice {
  generatedAt: string;
  budget: BudgetStatus;
  recentBursts: number;
  providers: ProviderFigures[];
  cache: ReturnType<typeof cacheFigures>;
  pace: Pace;
  advice: string[];
}

/** Below this many recent bursts a rate says little: no advice is drawn from it. */
const MIN_SAMPLE = 4;

const usd = (value: number) => `$${value >= 1 ? value.toFixed(2) : value.toFixed(6)}`;
const percent = (rate: number) => `${Math.round(rate * 100)}%`;
const duration = (hours: number) => (hours < 1 ? `${Math.round(hours * 60)} min` : `${hours.toFixed(1)} h`);

function budgetAdvice(budget: BudgetStatus, p: Pace): string {
  if (budget.remainingUsd <= 0)
    return `Your budget of ${usd(budget.limitUsd)} is spent: bursts are refused until ${budget.resetsAt}.`;
  if (p.exhaustedBeforeReset && p.hoursUntilExhausted !== null)
    return (
      `At today's rate (${usd(p.spendPerHourUsd)} per hour) your remaining ${usd(budget.remainingUsd)} lasts ` +
      `about ${duration(p.hoursUntilExhausted)}, but the budget resets only in ${duration(p.hoursUntilReset)}: ` +
      'send fewer bursts or fewer providers per burst.'
    );
  if (budget.spentUsd > 0)
    return (
      `At today's rate (${usd(p.spendPerHourUsd)} per hour) you will have spent about ` +
      `${usd(p.projectedSpendUsd)} of ${usd(budget.limitUsd)} when the budget resets: you are within budget.`
    );
  return 'Nothing spent today: your whole budget is available.';
}

/** Concrete advice from the caller's budget and recent bursts. Pure, so every rule is easy to test. */
export function advise(budget: BudgetStatus, bursts: readonly BurstActivity[], now = Date.now()): Advice {
  const providers = providerFigures(bursts);
  const cache = cacheFigures(bursts);
  const p = pace(budget, now);
  const advice = [budgetAdvice(budget, p)];
  if (bursts.length === 0) advice.push('No recent bursts: send some and ask again for advice on them.');
  if (cache.hitRate !== null && bursts.length >= MIN_SAMPLE) {
    if (cache.hitRate < 0.2)
      advice.push(
        `Only ${percent(cache.hitRate)} of your recent bursts were cache hits: an identical burst repeated ` +
          'while its answer is cached costs nothing, so reuse prompts rather than rewording them.',
      );
    else if (cache.hitRate >= 0.5)
      advice.push(
        `${percent(cache.hitRate)} of your recent bursts were cache hits: repeats are already free.`,
      );
  }
  const top = providers[0];
  if (top?.spendShare != null && top.spendShare >= 0.6 && providers.length > 1)
    advice.push(
      `${top.provider} accounts for about ${percent(top.spendShare)} of your spend: ` +
        'leave it out of bursts that do not need it.',
    );
  for (const f of providers) {
    if (f.bursts >= MIN_SAMPLE && f.failures / f.bursts >= 0.25)
      advice.push(
        `${f.provider} failed in ${percent(f.failures / f.bursts)} of your recent bursts: ` +
          'leave it out until it recovers; its failures slow your bursts and return nothing.',
      );
  }
  return {
    generatedAt: new Date(now).toISOString(),
    budget,
    recentBursts: bursts.length,
    providers,
    cache,
    pace: p,
    advice,
  };
}
