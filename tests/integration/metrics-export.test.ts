import { describe, expect, it } from 'vitest';
import { waitFor } from '../../scripts/tooling/wait-for.js';
import { burst, request, uniquePrompt } from '../support/api.js';
import { canReadMetrics } from '../support/stack.js';
import { adminHeaders, signedAs } from '../support/clients.js';
import { useStack } from '../support/use-stack.js';

const BURST_ROUTE = { 'http.route': '/api/v1/providers/burst', 'http.request.method': 'POST' };
const DURATION = 'http.server.request.duration';

describe.skipIf(!canReadMetrics())('metrics exported over OTLP', () => {
  // Budget samples no trace at all: its request figures must still count every request.
  const stack = useStack({
    services: ['provider-sim', 'budget'],
    env: { budget: { OTEL_TRACES_SAMPLER: 'always_off', BURST_RATE_CAPACITY: '20' } },
  });

  it('when N bursts are answered, then the exported server duration for the burst route counts N and the endpoint agrees, though no trace was sampled', async () => {
    const budget = stack.url('budget');
    const n = 7;
    for (let i = 0; i < n; i += 1) {
      const res = await burst(
        budget,
        { prompt: uniquePrompt('counted'), providers: ['gamma'] },
        signedAs(stack, 'counted'),
      );
      expect(res.status).toBe(200);
    }

    const exported = await waitFor(
      () => {
        const count = stack.metrics.metricTotal('budget', DURATION, BURST_ROUTE);
        return count >= n ? count : undefined;
      },
      { timeoutMs: 10_000, what: `budget's exported ${DURATION} to count ${n} bursts` },
    );
    expect(exported).toBe(n);
    const point = stack.metrics
      .metricPoints('budget', DURATION)
      .find(
        (p) =>
          p.attributes['http.response.status_code'] === 200 &&
          p.attributes['http.route'] === BURST_ROUTE['http.route'],
      );
    expect(point?.unit).toBe('s');
    expect(point?.bucketCounts?.reduce((a, b) => a + b, 0)).toBe(n);

    const observed = await request(`${budget}/api/v1/system/observability`);
    expect(observed.body.tracer.routes['/api/v1/providers/burst'].count).toBe(n);
    expect(observed.body.tracer.totalRequests).toBeGreaterThanOrEqual(n);
    expect(observed.body.tracer.latency.p95Ms).toBeGreaterThan(0);
    expect(observed.body.tracer.spans.exported).toBe(0);
  });

  it('when one client floods the burst route, then the limited decisions exported equal the 429 answers and both endpoints report the same', async () => {
    const budget = stack.url('budget');
    const body = { prompt: uniquePrompt('flood'), providers: ['gamma'] };
    const answers = await Promise.all(
      Array.from({ length: 40 }, () => burst(budget, body, signedAs(stack, 'flooder'))),
    );
    const refused = answers.filter((a) => a.status === 429).length;
    expect(refused).toBeGreaterThan(0);

    const limited = { 'ratelimit.policy': 'budget-burst', 'ratelimit.outcome': 'limited' };
    const exported = await waitFor(
      () => {
        const count = stack.metrics.metricTotal('budget', 'ratelimit.decisions', limited);
        return count >= refused ? count : undefined;
      },
      { timeoutMs: 10_000, what: `${refused} limited decisions to be exported` },
    );
    expect(exported).toBe(refused);
    expect(
      stack.metrics.metricTotal('budget', 'ratelimit.retry_after', { 'ratelimit.policy': 'budget-burst' }),
    ).toBe(refused);

    // The endpoints read the same counters back from the metrics SDK: what Prometheus gets, they show.
    const allowed = stack.metrics.metricTotal('budget', 'ratelimit.decisions', {
      'ratelimit.policy': 'budget-burst',
      'ratelimit.outcome': 'allowed',
    });
    for (const path of ['/api/v1/system/observability', '/api/v1/providers/resilience-status']) {
      const { body: report } = await request(`${budget}${path}`);
      expect(report.rateLimiter, path).toMatchObject({ name: 'budget-burst', rejected: refused, allowed });
      expect(report.cache, path).toMatchObject({ name: 'bursts', misses: expect.any(Number) });
    }
  });

  it('when a provider fails until its breaker opens, then the exported breaker state is open (2) and the transition is counted', async () => {
    const sim = stack.url('provider-sim');
    const budget = stack.url('budget');
    await request(`${sim}/admin/faults`, {
      method: 'PUT',
      headers: adminHeaders(stack),
      body: { provider: 'alpha', errorRate: 1, status: 500 },
    });
    try {
      await waitFor(
        async () => {
          await burst(
            budget,
            { prompt: uniquePrompt('fail'), providers: ['alpha'] },
            signedAs(stack, 'breaker'),
          );
          const status = await request(`${budget}/api/v1/providers/resilience-status`);
          return status.body.breakers['provider:alpha']?.state === 'open' ? true : undefined;
        },
        { timeoutMs: 10_000, what: 'the alpha breaker to open' },
      );
      const alpha = { 'breaker.name': 'provider:alpha' };
      await waitFor(
        () => (stack.metrics.metricTotal('budget', 'breaker.state', alpha) === 2 ? true : undefined),
        { timeoutMs: 10_000, what: 'breaker.state 2 (open) to be exported for provider:alpha' },
      );
      expect(
        stack.metrics.metricTotal('budget', 'breaker.transitions', { ...alpha, 'breaker.state': 'open' }),
      ).toBe(1);
    } finally {
      await request(`${sim}/admin/faults`, { method: 'DELETE', headers: adminHeaders(stack) });
    }
  });
});
