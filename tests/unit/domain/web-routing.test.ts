import { describe, expect, it } from 'vitest';
import { readConfig } from '../../../services/web/config.js';
import { upstreamsFrom, type Upstream } from '../../../services/web/domain/upstreams.js';

const DEFAULTS = readConfig({ OTEL_SERVICE_NAME: 'web' });

/** The gateway mounts each prefix as itself and everything below it (`prefix` and `prefix/*rest`). */
const claims = (upstream: Upstream, path: string) =>
  upstream.prefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
const routeOf = (upstreams: Upstream[], path: string) =>
  upstreams.filter((u) => claims(u, path)).map((u) => u.name);

describe('gateway routing: which service answers which path (the README’s service table)', () => {
  const upstreams = upstreamsFrom(DEFAULTS);

  const table: Array<[string, string]> = [
    ['/api/v1/providers/burst', 'budget'],
    ['/api/v1/providers/resilience-status', 'budget'],
    ['/api/v1/budget', 'budget'],
    ['/api/v1/budget/recent', 'budget'],
    ['/api/v1/reports/comprehensive', 'reports'],
    ['/api/v1/training/jobs', 'training'],
    ['/api/v1/meta/services', 'meta'],
    ['/api/v1/coach/advice', 'coach'],
    ['/api/v1/segmentation/segments', 'segmentation'],
    ['/api/v1/capabilities', 'capabilities'],
    ['/api/v1/cup/leaderboard', 'cup'],
    ['/api/v1/product/features', 'product-development'],
  ];
  for (const [path, service] of table) {
    it(`when a client asks for ${path}, then exactly ${service} answers it`, () => {
      expect(routeOf(upstreams, path)).toEqual([service]);
    });
  }

  it('when a path only shares the beginning of a prefix, then no upstream claims it', () => {
    for (const path of [
      '/api/v1/budgets',
      '/api/v1/productivity',
      '/api/v1/cupboard',
      '/api/v1',
      '/healthz',
    ]) {
      expect(routeOf(upstreams, path)).toEqual([]);
    }
  });

  it('when the gateway is built, then each of the nine upstreams appears once, web itself not among them', () => {
    expect(upstreams.map((u) => u.name).sort()).toEqual(
      [
        'budget',
        'capabilities',
        'coach',
        'cup',
        'meta',
        'product-development',
        'reports',
        'segmentation',
        'training',
      ].sort(),
    );
  });

  it('when no URL is configured, then each upstream is the local service on its README port', () => {
    const ports = Object.fromEntries(upstreams.map((u) => [u.name, new URL(u.url).port]));

    expect(ports).toEqual({
      budget: '3003',
      reports: '3008',
      training: '3001',
      meta: '3002',
      coach: '3004',
      segmentation: '3005',
      capabilities: '3006',
      cup: '3007',
      'product-development': '3009',
    });
  });

  it('when an upstream URL is configured, then that upstream’s routes go there', () => {
    const config = readConfig({ OTEL_SERVICE_NAME: 'web', BUDGET_URL: 'http://budget.internal:8080' });

    const budget = upstreamsFrom(config).find((u) => u.name === 'budget');

    expect(new URL(budget!.url).host).toBe('budget.internal:8080');
  });
});
