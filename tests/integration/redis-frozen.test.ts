import { describe, expect, it } from 'vitest';
import { burst, request, uniquePrompt } from '../support/api.js';
import { asClient } from '../support/clients.js';
import { canOverrideEnv, canReadMetrics } from '../support/stack.js';
import { useStack } from '../support/use-stack.js';
import { waitFor } from '../../scripts/tooling/wait-for.js';

const OBSERVABILITY = '/api/v1/system/observability';
const CIRCUIT_SERVICES = ['web', 'budget'] as const;
const REDIS_BREAKER = { 'breaker.name': 'redis' };

describe.skipIf(!canOverrideEnv())('Redis frozen (SIGSTOP) mid-run', () => {
  const stack = useStack({ services: ['provider-sim', 'budget', 'web'] });
  // The key is issued, and so known to the gateway, before Redis freezes: an unknown key then is a 503.
  let client: Record<string, string>;

  const observability = async (service: string) =>
    (await request(`${stack.url(service)}${OBSERVABILITY}`)).body;
  const circuitState = async (service: string): Promise<string> => (await observability(service)).redis.state;

  /** The Redis circuit's exported breaker.state for budget: 0 closed, 2 open. */
  async function exportedState(value: number): Promise<void> {
    if (!canReadMetrics()) return;
    await waitFor(
      () =>
        stack.metrics.metricTotal('budget', 'breaker.state', REDIS_BREAKER) === value ? true : undefined,
      { timeoutMs: 10_000, what: `breaker.state ${value} to be exported for the Redis circuit` },
    );
  }

  async function cachedBurstAnswers(prompt: string): Promise<void> {
    const res = await burst(stack.url('web'), { prompt, providers: ['gamma'] }, client);
    expect(res.status).toBe(200);
    expect(res.body.cached).toBe(true);
  }

  it('when Redis stops answering, then bursts answer from fallbacks and the circuit opens; after SIGCONT it closes and Redis is used again', async () => {
    client = await asClient(stack, 'frozen-client');
    const prompt = uniquePrompt('frozen');
    expect((await burst(stack.url('web'), { prompt, providers: ['gamma'] }, client)).status).toBe(200);
    for (const service of CIRCUIT_SERVICES) expect(await circuitState(service)).toBe('closed');

    stack.freezeRedis();
    try {
      // Every request answers while the first commands time out and open each process's circuit.
      await waitFor(
        async () => {
          await cachedBurstAnswers(prompt);
          const states = await Promise.all(CIRCUIT_SERVICES.map(circuitState));
          return states.every((state) => state === 'open') ? true : undefined;
        },
        { timeoutMs: 20_000, what: 'the Redis circuit of web and budget to open' },
      );
      const refusedBefore = (await observability('budget')).redis.refusedCommands;
      await cachedBurstAnswers(prompt);
      // A burst never seen before is fanned out and its spend journaled.
      const fresh = await burst(
        stack.url('web'),
        { prompt: uniquePrompt('fresh'), providers: ['alpha'] },
        client,
      );
      expect(fresh.status).toBe(200);
      expect(fresh.body.cached).toBe(false);
      const budget = await observability('budget');
      expect(budget.redis.refusedCommands).toBeGreaterThan(refusedBefore);
      expect(budget.cache.journal.journalPendingUsd).toBeGreaterThan(0);
      expect((await observability('web')).rateLimiter.redisAvailable).toBe(false);
      expect(stack.logs()).toContain('Redis circuit opened');
      await exportedState(2);
    } finally {
      stack.thawRedis();
    }

    for (const service of CIRCUIT_SERVICES) {
      await waitFor(async () => ((await circuitState(service)) === 'closed' ? true : undefined), {
        timeoutMs: 10_000,
        what: `${service}'s Redis circuit to close`,
      });
    }
    expect(stack.logs()).toContain('Redis circuit closed');
    await exportedState(0);
    await waitFor(
      async () => ((await observability('budget')).cache.journal.journalPendingUsd === 0 ? true : undefined),
      { timeoutMs: 10_000, what: 'the journal to reach Redis' },
    );
    // Redis decides again: the limiter's decisions stop falling back and the circuit refuses nothing.
    const web = await observability('web');
    const budget = await observability('budget');
    await cachedBurstAnswers(prompt);
    expect((await observability('web')).rateLimiter.fallbackDecisions).toBe(
      web.rateLimiter.fallbackDecisions,
    );
    expect((await observability('budget')).redis.refusedCommands).toBe(budget.redis.refusedCommands);
    expect((await observability('web')).rateLimiter.redisAvailable).toBe(true);
  });
});
