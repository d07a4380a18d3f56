import { describe, expect, it } from 'vitest';
import { burst, providerCalls, request, uniquePrompt } from '../support/api.js';
import { adminHeaders } from '../support/clients.js';
import { useStack } from '../support/use-stack.js';
import { waitFor } from '../../scripts/tooling/wait-for.js';

// budget's default breaker reset time (BREAKER_RESET_TIMEOUT_MS): the same locally and in compose.
const RESET_MS = 5_000;

describe('a failing provider behind its breaker', () => {
  const stack = useStack();

  const alphaState = async () =>
    (await request(`${stack.url('budget')}/api/v1/providers/resilience-status`)).body.breakers[
      'provider:alpha'
    ].state;

  it('when alpha fails, then bursts are partial, its breaker opens and stops calls, and a probe closes it once healed', async () => {
    const sim = stack.url('provider-sim');
    const admin = adminHeaders(stack);
    const fault = await request(`${sim}/admin/faults`, {
      method: 'PUT',
      headers: admin,
      body: { provider: 'alpha', errorRate: 1, status: 500 },
    });
    expect(fault.status).toBe(200);
    expect((await request(`${sim}/admin/faults`, { headers: admin })).body.faults).toHaveLength(1);

    const partial = await burst(stack.url('web'), {
      prompt: uniquePrompt('partial'),
      providers: ['alpha', 'beta'],
    });
    expect(partial.status).toBe(200);
    const byProvider = Object.fromEntries(
      partial.body.results.map((r: { provider: string; status: string }) => [r.provider, r.status]),
    );
    expect(byProvider).toEqual({ alpha: 'error', beta: 'ok' });

    await waitFor(
      async () => {
        await burst(stack.url('web'), { prompt: uniquePrompt('fail'), providers: ['alpha'] });
        return (await alphaState()) === 'open' ? true : undefined;
      },
      { timeoutMs: 10_000, what: 'alpha breaker to open' },
    );

    const before = await providerCalls(stack);
    const rejected = await burst(stack.url('web'), {
      prompt: uniquePrompt('open'),
      providers: ['alpha', 'gamma'],
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body.results.find((r: { provider: string }) => r.provider === 'alpha').status).toBe(
      'circuit_open',
    );
    expect((await providerCalls(stack)).alpha).toBe(before.alpha);

    await request(`${sim}/admin/faults`, { method: 'DELETE', headers: admin });
    const closed = await waitFor(
      async () => {
        const res = await burst(stack.url('web'), { prompt: uniquePrompt('probe'), providers: ['alpha'] });
        return res.body.results[0].status === 'ok' ? res : undefined;
      },
      { timeoutMs: RESET_MS * 3, intervalMs: 250, what: 'a half-open probe to succeed' },
    );
    expect(closed.body.results[0].status).toBe('ok');
    expect(await alphaState()).toBe('closed');
  });
});
