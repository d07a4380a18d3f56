import { describe, expect, it } from 'vitest';
import { burst, request, uniquePrompt } from '../support/api.js';
import { asClient } from '../support/clients.js';
import { useStack } from '../support/use-stack.js';
import { waitFor } from '../../scripts/tooling/wait-for.js';

describe('Redis killed mid-run', () => {
  const stack = useStack();

  it('when Redis dies, then bursts still answer; when it returns, readiness recovers and the journaled spend shows', async () => {
    // Used just before the outage, the key stays valid at the gateway while Redis is away.
    const client = await asClient(stack, 'outage-client');
    const web = stack.url('web');
    expect((await burst(web, { prompt: uniquePrompt('warm'), providers: ['gamma'] }, client)).status).toBe(
      200,
    );
    const spentBefore = (await request(`${web}/api/v1/budget`, { headers: client })).body.spentUsd;
    expect(spentBefore).toBeGreaterThan(0);

    await stack.stopRedis();
    let spentWhileDown = 0;
    for (let i = 0; i < 3; i += 1) {
      const started = performance.now();
      const res = await burst(web, { prompt: uniquePrompt('down'), providers: ['alpha', 'beta'] }, client);
      const elapsed = performance.now() - started;
      expect(res.status).toBe(200);
      expect(res.body.results.every((r: { status: string }) => r.status === 'ok')).toBe(true);
      // ioredis' offline queue would hold each call for ~70 s; failing fast is seconds at worst.
      expect(elapsed).toBeLessThan(10_000);
      spentWhileDown += res.body.totalCostUsd;
    }
    expect(spentWhileDown).toBeGreaterThan(0);
    expect((await request(`${stack.url('budget')}/readyz`)).status).toBe(503);
    expect((await request(`${web}/readyz`)).status).toBe(503);
    const journal = (await request(`${stack.url('budget')}/api/v1/system/observability`)).body.cache.journal;
    expect(journal.journalPendingUsd).toBeGreaterThan(0);

    await stack.startRedis();
    for (const service of ['web', 'budget', 'reports']) {
      await waitFor(
        async () => ((await request(`${stack.url(service)}/readyz`)).status === 200 ? true : undefined),
        {
          timeoutMs: 15_000,
          what: `${service} ready again`,
        },
      );
    }
    await waitFor(
      async () => {
        const res = await request(`${stack.url('budget')}/api/v1/system/observability`);
        return res.body.cache.journal.journalPendingUsd === 0 ? true : undefined;
      },
      { timeoutMs: 10_000, what: 'the journal to reach Redis' },
    );
    // Redis kept what it had (append-only); the journal added exactly what was spent while it was away.
    const budget = await request(`${web}/api/v1/budget`, { headers: client });
    expect(budget.body.spentUsd).toBeCloseTo(spentBefore + spentWhileDown, 6);
  });
});
