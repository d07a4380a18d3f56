import { describe, expect, it } from 'vitest';
import { analyze } from '../../../services/reports/domain/analyze.js';
import type { Observation, ServiceObservability } from '../../../services/reports/domain/collect.js';

const NOW = new Date('2026-03-10T12:00:00.000Z');

function up(name: string, o: ServiceObservability = {}): Observation {
  return { name, up: true, observability: o };
}
function down(name: string, error = 'timeout'): Observation {
  return { name, up: false, error };
}
function traced(p95Ms: number, requestsPerSecond = 1, totalRequests = 10): ServiceObservability {
  return { tracer: { totalRequests, requestsPerSecond, errorRate: 0, latency: { p95Ms } } };
}

describe('report status: ok, degraded or down', () => {
  it('when every service is up with closed breakers, then the report is ok', () => {
    const report = analyze(
      [up('web', { breakers: { 'upstream:budget': { state: 'closed' } } }), up('budget')],
      NOW,
    );

    expect(report.status).toBe('ok');
    expect(report.totals.openBreakers).toBe(0);
  });

  it('when one service of several is down, then the report is degraded', () => {
    expect(analyze([up('web'), down('budget')], NOW).status).toBe('degraded');
  });

  it('when every service is down, then the report is down', () => {
    expect(analyze([down('web'), down('budget')], NOW).status).toBe('down');
  });

  it('when there is no service at all, then nothing is up and the report is down', () => {
    const report = analyze([], NOW);

    expect(report.status).toBe('down');
    expect(report.totals).toEqual({
      services: 0,
      up: 0,
      down: 0,
      totalRequests: 0,
      requestsPerSecond: 0,
      openBreakers: 0,
    });
  });

  it('when every service is up but one breaker is not closed, then the report is degraded', () => {
    for (const state of ['open', 'half_open']) {
      const report = analyze([up('budget', { breakers: { 'provider:alpha': { state } } })], NOW);

      expect(report.status).toBe('degraded');
      expect(report.totals.openBreakers).toBe(1);
    }
  });

  it('when a breaker reports no state, then it shows as unknown and counts as not closed', () => {
    const report = analyze(
      [up('budget', { breakers: { 'provider:alpha': {}, 'provider:beta': { state: 'closed' } } })],
      NOW,
    );

    expect(report.services[0]?.breakers).toEqual({ 'provider:alpha': 'unknown', 'provider:beta': 'closed' });
    expect(report.totals.openBreakers).toBe(1);
    expect(report.status).toBe('degraded');
  });
});

describe('report figures per service', () => {
  it('when a service is down, then its figures are zero, its rates null and its error kept', () => {
    const [figures] = analyze([down('cup', 'http_503')], NOW).services;

    expect(figures).toEqual({
      name: 'cup',
      up: false,
      error: 'http_503',
      totalRequests: 0,
      requestsPerSecond: 0,
      errorRate: 0,
      p95LatencyMs: 0,
      cacheHitRate: null,
      rateLimitRejectionRate: null,
      breakers: {},
    });
  });

  it('when a service is up, then its figures are read from tracer, cache, limiter and breakers', () => {
    const [figures] = analyze(
      [
        up('budget', {
          tracer: { totalRequests: 40, requestsPerSecond: 2.5, errorRate: 0.05, latency: { p95Ms: 120 } },
          cache: { hitRate: 0.75 },
          rateLimiter: { rejectionRate: 0.1 },
          breakers: { 'provider:alpha': { state: 'open' } },
        }),
      ],
      NOW,
    ).services;

    expect(figures).toEqual({
      name: 'budget',
      up: true,
      totalRequests: 40,
      requestsPerSecond: 2.5,
      errorRate: 0.05,
      p95LatencyMs: 120,
      cacheHitRate: 0.75,
      rateLimitRejectionRate: 0.1,
      breakers: { 'provider:alpha': 'open' },
    });
  });

  it('when a service has no cache, limiter or breakers (null parts), then its rates are null and no breakers', () => {
    const [figures] = analyze([up('meta', { cache: null, rateLimiter: null, breakers: null })], NOW).services;

    expect(figures).toMatchObject({ cacheHitRate: null, rateLimitRejectionRate: null, breakers: {} });
  });

  it('when a figure is missing or not a finite number, then a count reads 0 and a rate reads null', () => {
    const odd = {
      tracer: { totalRequests: Number.NaN, requestsPerSecond: Infinity, latency: {} },
      cache: { hitRate: Number.NaN },
      rateLimiter: {},
    } as ServiceObservability;

    const [figures] = analyze([up('odd', odd)], NOW).services;

    expect(figures).toMatchObject({
      totalRequests: 0,
      requestsPerSecond: 0,
      errorRate: 0,
      p95LatencyMs: 0,
      cacheHitRate: null,
      rateLimitRejectionRate: null,
    });
  });

  it('when a rate is exactly 0, then it is kept as 0, not null', () => {
    const [figures] = analyze(
      [up('budget', { cache: { hitRate: 0 }, rateLimiter: { rejectionRate: 0 } })],
      NOW,
    ).services;

    expect(figures).toMatchObject({ cacheHitRate: 0, rateLimitRejectionRate: 0 });
  });
});

describe('report totals', () => {
  it('when some services are down, then totals count only the services that are up', () => {
    const report = analyze(
      [up('web', traced(10, 1.5, 100)), up('budget', traced(20, 2.25, 50)), down('cup')],
      NOW,
    );

    expect(report.totals).toEqual({
      services: 3,
      up: 2,
      down: 1,
      totalRequests: 150,
      requestsPerSecond: 3.75,
      openBreakers: 0,
    });
  });

  it('when requests per second add up to more than two decimals, then the total is rounded to two', () => {
    const report = analyze([up('a', traced(1, 0.111)), up('b', traced(1, 0.222))], NOW);

    expect(report.totals.requestsPerSecond).toBe(0.33);
  });

  it('when open breakers sit in several services, then they are all counted', () => {
    const report = analyze(
      [
        up('web', {
          breakers: { 'upstream:budget': { state: 'open' }, 'upstream:cup': { state: 'closed' } },
        }),
        up('budget', { breakers: { 'provider:alpha': { state: 'half_open' } } }),
      ],
      NOW,
    );

    expect(report.totals.openBreakers).toBe(2);
  });

  it('when the report is made, then generatedAt is the time given', () => {
    expect(analyze([], NOW).generatedAt).toBe('2026-03-10T12:00:00.000Z');
  });
});

describe('report highlights: slowest and most refused', () => {
  it('when services differ in p95 latency, then the slowest up service is named', () => {
    const report = analyze([up('web', traced(15)), up('budget', traced(240)), up('cup', traced(30))], NOW);

    expect(report.slowest).toEqual({ name: 'budget', p95LatencyMs: 240 });
  });

  it('when a down service would be slowest, then it is ignored', () => {
    const report = analyze([down('budget'), up('web', traced(15))], NOW);

    expect(report.slowest).toEqual({ name: 'web', p95LatencyMs: 15 });
  });

  it('when two services tie on p95, then the first in the target order is named', () => {
    const report = analyze([up('web', traced(50)), up('budget', traced(50))], NOW);

    expect(report.slowest?.name).toBe('web');
  });

  it('when no service is up, then there is no slowest and no most refused', () => {
    const report = analyze([down('web')], NOW);

    expect(report.slowest).toBeNull();
    expect(report.mostRefused).toBeNull();
  });

  it('when services have limiters, then the highest rejection rate is named', () => {
    const report = analyze(
      [
        up('web', { rateLimiter: { rejectionRate: 0.02 } }),
        up('budget', { rateLimiter: { rejectionRate: 0.3 } }),
        up('cup', { rateLimiter: { rejectionRate: 0.1 } }),
      ],
      NOW,
    );

    expect(report.mostRefused).toEqual({ name: 'budget', rateLimitRejectionRate: 0.3 });
  });

  it('when only services without a limiter are up, then there is no most refused', () => {
    const report = analyze([up('meta', { rateLimiter: null }), up('reports')], NOW);

    expect(report.mostRefused).toBeNull();
  });

  it('when the only limiter refused nothing, then it is still named, with rate 0', () => {
    const report = analyze([up('meta'), up('web', { rateLimiter: { rejectionRate: 0 } })], NOW);

    expect(report.mostRefused).toEqual({ name: 'web', rateLimitRejectionRate: 0 });
  });

  it('when two limiters tie, then the first in the target order is named', () => {
    const report = analyze(
      [
        up('cup', { rateLimiter: { rejectionRate: 0.2 } }),
        up('web', { rateLimiter: { rejectionRate: 0.2 } }),
      ],
      NOW,
    );

    expect(report.mostRefused?.name).toBe('cup');
  });
});
