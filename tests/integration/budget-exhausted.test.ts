import { describe, expect, it } from 'vitest';
import { burst, providerCalls, request, uniquePrompt } from '../support/api.js';
import { asClient } from '../support/clients.js';
import { canOverrideEnv } from '../support/stack.js';
import { useStack } from '../support/use-stack.js';

const LIMIT_USD = 0.02;
const MAX_BURSTS = 1_000;

// Spending 10 USD (the default budget) through a test would take thousands of bursts; this needs a
// budget of its own, so it runs against local processes only.
describe.skipIf(!canOverrideEnv())('a budget that must never be overspent', () => {
  // The burst limit out of the way: how many bursts spend the budget depends on the tokens each
  // provider answer happens to use, and a long run of them must never meet a 429 instead.
  const stack = useStack({
    env: { budget: { BUDGET_LIMIT_USD: String(LIMIT_USD), BURST_RATE_CAPACITY: '100000' } },
  });
  const spentBy = async (client: Record<string, string>) =>
    (await request(`${stack.url('web')}/api/v1/budget`, { headers: client })).body;

  it('when a client bursts until its budget cannot cover the next burst, then that one is 402, no provider is called, and spend never passes the limit', async () => {
    const client = await asClient(stack, 'steady-spender');
    let charged = 0;
    // Until the first 402, however many bursts that takes (a provider answer's tokens vary); bounded,
    // so a budget that never runs out fails here rather than hanging.
    let exhausted = false;
    for (let i = 0; i < MAX_BURSTS && !exhausted; i += 1) {
      const answer = await burst(
        stack.url('web'),
        { prompt: uniquePrompt('spend'), providers: ['alpha'], maxTokens: 100 },
        client,
      );
      exhausted = answer.status === 402;
      if (exhausted) break;
      expect(answer.status).toBe(200);
      charged += answer.body.totalCostUsd as number;
    }
    expect(exhausted, `no 402 within ${MAX_BURSTS} bursts, ${charged} USD charged`).toBe(true);
    const before = await providerCalls(stack);
    const refused = await burst(
      stack.url('web'),
      { prompt: uniquePrompt('spend'), providers: ['alpha'], maxTokens: 100 },
      client,
    );
    expect(refused.status).toBe(402);
    expect(refused.body.error.code).toBe('budget_exhausted');
    // Refused because the worst case does not fit in what is left, which may still be above zero.
    expect(refused.body.error.details.worstCaseUsd).toBeGreaterThan(refused.body.error.details.remainingUsd);
    expect(await providerCalls(stack)).toEqual(before);

    const budget = await spentBy(client);
    expect(budget.limitUsd).toBe(LIMIT_USD);
    expect(budget.spentUsd).toBeLessThanOrEqual(LIMIT_USD);
    // Every reservation was settled to what the bursts really cost: nothing held back, nothing lost.
    expect(budget.spentUsd).toBeCloseTo(charged, 5);
    expect(Date.parse(budget.resetsAt)).toBeGreaterThan(Date.now());
  });

  it('when one client sends 40 different bursts at once, then the ones admitted together fit the limit and the rest are 402', async () => {
    const client = await asClient(stack, 'concurrent-spender');
    const answers = await Promise.all(
      Array.from({ length: 40 }, () =>
        burst(
          stack.url('web'),
          { prompt: uniquePrompt('rush'), providers: ['alpha'], maxTokens: 100 },
          client,
        ),
      ),
    );
    expect(answers.every((a) => a.status === 200 || a.status === 402)).toBe(true);
    expect(answers.filter((a) => a.status === 402).length).toBeGreaterThan(0);
    const charged = answers
      .filter((a) => a.status === 200)
      .reduce((sum, a) => sum + (a.body.totalCostUsd as number), 0);
    const budget = await spentBy(client);
    expect(budget.spentUsd).toBeLessThanOrEqual(LIMIT_USD);
    expect(budget.spentUsd).toBeCloseTo(charged, 5);
  });
});
