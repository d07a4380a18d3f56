import { describe, expect, it } from 'vitest';
import { burst, providerCalls, request, uniquePrompt } from '../support/api.js';
import { canOverrideEnv } from '../support/stack.js';
import { useStack } from '../support/use-stack.js';

// Spending 10 USD (the default budget) through a test would take thousands of bursts; this needs a
// budget of its own, so it runs against local processes only.
describe.skipIf(!canOverrideEnv())('a spent budget', () => {
  // A budget of a tenth of a cent: one burst to alpha spends it.
  const stack = useStack({ env: { budget: { BUDGET_LIMIT_USD: '0.001' } } });

  it('when a client has spent its budget, then the next burst is 402 and no provider is called', async () => {
    const client = 'big-spender';
    // Long enough that alpha's price for it (50+ prompt tokens) exceeds the whole 0.001 USD budget.
    const costly = `${uniquePrompt('spend')} ${'x'.repeat(200)}`;
    const first = await burst(stack.url('web'), { prompt: costly, providers: ['alpha'] }, client);
    expect(first.status).toBe(200);
    expect(first.body.budget.remainingUsd).toBe(0);

    const before = await providerCalls(stack.url('provider-sim'));
    const refused = await burst(
      stack.url('web'),
      { prompt: uniquePrompt('spend'), providers: ['alpha'] },
      client,
    );
    expect(refused.status).toBe(402);
    expect(refused.body).toMatchObject({ error: { code: 'budget_exhausted' } });
    expect(await providerCalls(stack.url('provider-sim'))).toEqual(before);

    const budget = await request(`${stack.url('web')}/api/v1/budget`, { headers: { 'x-api-key': client } });
    expect(budget.body).toMatchObject({ limitUsd: 0.001, remainingUsd: 0 });
    expect(budget.body.spentUsd).toBeGreaterThanOrEqual(0.001);
    expect(Date.parse(budget.body.resetsAt)).toBeGreaterThan(Date.now());
  });
});
