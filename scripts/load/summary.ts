import type { Answer } from './actions.js';

export interface LoadSummary {
  elapsedMs: number;
  answers: number;
  /** Answers by action, then by status (0: no HTTP answer). */
  byAction: Record<string, Record<string, number>>;
  /** Share of answers that were neither a 429, a 5xx nor unanswered, floods left out (they are meant to be refused). */
  okShare: number;
}

const isOk = (status: number) => status !== 0 && status !== 429 && status < 500;

export function summarise(answers: readonly Answer[], elapsedMs: number): LoadSummary {
  const byAction: Record<string, Record<string, number>> = {};
  for (const { action, status } of answers) {
    const statuses = (byAction[action] ??= {});
    statuses[status] = (statuses[status] ?? 0) + 1;
  }
  const everyday = answers.filter((a) => a.action !== 'flood');
  const ok = everyday.filter((a) => isOk(a.status)).length;
  return {
    elapsedMs,
    answers: answers.length,
    byAction,
    okShare: everyday.length === 0 ? 0 : Math.round((ok / everyday.length) * 1000) / 1000,
  };
}
