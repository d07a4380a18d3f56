import { describe, expect, it } from 'vitest';
import { request } from '../support/api.js';
import { useStack } from '../support/use-stack.js';
import { traceIdOf, waitForTrace } from '../support/trace-source.js';
import { waitFor } from '../../scripts/tooling/wait-for.js';
import { STACK_SERVICES } from '../../scripts/stack-definition.js';

describe('the comprehensive report', () => {
  const stack = useStack();

  const report = () => request(`${stack.url('web')}/api/v1/reports/comprehensive`);

  it('when asked, then it lists every service with figures, in a traced fetch-services/analyze tree; a second call within 10 s fetches nothing', async () => {
    const first = await report();
    expect(first.status).toBe(200);
    expect(first.body.cached).toBe(false);
    expect(first.body.status).toBe('ok');
    const names = first.body.services.map((s: { name: string }) => s.name).sort();
    expect(names).toEqual(STACK_SERVICES.map((s) => s.name).sort());
    for (const service of first.body.services) {
      expect(service).toMatchObject({ up: true });
      for (const key of ['requestsPerSecond', 'errorRate', 'p95LatencyMs', 'totalRequests'])
        expect(service[key]).toBeTypeOf('number');
      expect(service).toHaveProperty('cacheHitRate');
      expect(service).toHaveProperty('rateLimitRejectionRate');
      expect(service.breakers).toBeTypeOf('object');
    }
    expect(
      first.body.services.find((s: { name: string }) => s.name === 'web').rateLimitRejectionRate,
    ).toBeTypeOf('number');
    expect(first.body.totals.services).toBe(STACK_SERVICES.length);

    const spans = await waitForTrace(stack.traces, traceIdOf(first.headers.get('traceresponse')), (s) =>
      s.some((x) => x.name === 'analyze'),
    );
    const fetchAll = spans.find((s) => s.name === 'fetch-services')!;
    const perService = spans.filter((s) => s.name === 'fetch-service' && s.parentSpanId === fetchAll.spanId);
    expect(perService.map((s) => s.attributes['report.service']).sort()).toEqual(names);
    expect(spans.find((s) => s.name === 'analyze')?.serviceName).toBe('reports');

    const second = await report();
    expect(second.body.cached).toBe(true);
    const again = await waitForTrace(stack.traces, traceIdOf(second.headers.get('traceresponse')), (s) =>
      s.some((x) => x.serviceName === 'reports' && x.kind === 'server'),
    );
    expect(again.filter((s) => s.name === 'fetch-services' || s.name === 'fetch-service')).toEqual([]);
  });

  it('when budget is down, then the report is still 200 and degraded, naming budget', async () => {
    await stack.stopService('budget');
    try {
      const degraded = await waitFor(
        async () => {
          const res = await report();
          return res.status === 200 && res.body.cached === false ? res : undefined;
        },
        { timeoutMs: 15_000, intervalMs: 500, what: 'a fresh report' },
      );
      expect(degraded.body.status).toBe('degraded');
      const budget = degraded.body.services.find((s: { name: string }) => s.name === 'budget');
      expect(budget).toMatchObject({ up: false });
      expect(budget.error).toBeTypeOf('string');
      expect(degraded.body.totals.down).toBe(1);
    } finally {
      await stack.startService('budget');
    }
  });
});
