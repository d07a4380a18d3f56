import { describe, expect, it } from 'vitest';
import {
  gatewayRoutes,
  newStackSecrets,
  serviceEnvironment,
  STACK_SERVICES,
} from '../../../scripts/stack-definition.js';
import { readConfig } from '../../../services/web/config.js';
import { upstreamsFrom, type Upstream } from '../../../services/web/domain/upstreams.js';

const WEB = STACK_SERVICES.find((s) => s.name === 'web')!;
const portOf = (name: string) => STACK_SERVICES.find((s) => s.name === name)?.port;
/** web's environment as the launcher derives it from the stack table: every service on its port. */
const tableEnv = (overrides: Record<string, string> = {}) => ({
  ...serviceEnvironment(
    WEB,
    (name) => `http://127.0.0.1:${portOf(name)}`,
    'redis://127.0.0.1:6379',
    newStackSecrets(),
  ),
  ...overrides,
});
const DEFAULTS = readConfig(tableEnv());

/** The gateway mounts each prefix as itself and everything below it (`prefix` and `prefix/*rest`). */
const claims = (upstream: Upstream, path: string) =>
  upstream.routes.some(({ prefix }) => path === prefix || path.startsWith(`${prefix}/`));
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

  it('when web runs with the environment the stack table derives, then each upstream is the service on its README port', () => {
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
    const list = DEFAULTS.upstreams.map((u) =>
      u.name === 'budget' ? 'budget=http://budget.internal:8080' : `${u.name}=${u.url}`,
    );
    const config = readConfig(tableEnv({ GATEWAY_UPSTREAMS: list.join(',') }));

    const budget = upstreamsFrom(config).find((u) => u.name === 'budget');

    expect(new URL(budget!.url).host).toBe('budget.internal:8080');
    expect(budget!.routes).toEqual([
      { prefix: '/api/v1/providers', methods: ['GET', 'POST'] },
      { prefix: '/api/v1/budget', methods: ['GET'] },
    ]);
  });

  it('when web runs with the environment the stack table derives, then each prefix carries the methods its service serves there', () => {
    const methodsOf = (prefix: string) =>
      upstreams.flatMap((u) => u.routes).find((r) => r.prefix === prefix)?.methods;

    expect(methodsOf('/api/v1/cup')).toEqual(['GET', 'POST']);
    expect(methodsOf('/api/v1/reports')).toEqual(['GET']);
  });

  it('when a route names no method, an unknown one, or a prefix twice, then start-up stops naming GATEWAY_ROUTES', () => {
    expect(() => readConfig(tableEnv({ GATEWAY_ROUTES: '/api/v1/cup=cup' }))).toThrow(
      /GATEWAY_ROUTES: expected METHOD\.\.\. \/path\/prefix=upstream pairs/,
    );
    expect(() => readConfig(tableEnv({ GATEWAY_ROUTES: 'GET TRACE /api/v1/cup=cup' }))).toThrow(
      /GATEWAY_ROUTES: names method TRACE/,
    );
    expect(() =>
      readConfig(tableEnv({ GATEWAY_ROUTES: 'GET /api/v1/cup=cup,POST /api/v1/cup=cup' })),
    ).toThrow('GATEWAY_ROUTES: names /api/v1/cup twice');
  });

  it('when a route names a service that is not an upstream, or is not a path, then start-up stops naming GATEWAY_ROUTES', () => {
    expect(() =>
      readConfig(tableEnv({ GATEWAY_ROUTES: `${gatewayRoutes()},GET /api/v1/x=nowhere` })),
    ).toThrow(
      'GATEWAY_ROUTES: names nowhere, which is not in GATEWAY_UPSTREAMS, got "GET /api/v1/x=nowhere"',
    );
    expect(() => readConfig(tableEnv({ GATEWAY_ROUTES: 'GET api=budget' }))).toThrow(
      /GATEWAY_ROUTES: expected METHOD\.\.\. \/path/,
    );
  });

  it('when the upstreams are not given, then start-up stops naming GATEWAY_UPSTREAMS: web knows no service itself', () => {
    expect(() => readConfig({ OTEL_SERVICE_NAME: 'web' })).toThrow(/GATEWAY_UPSTREAMS: is required/);
  });
});
