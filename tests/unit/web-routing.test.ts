import { describe, expect, it } from 'vitest';
import { gatewayRoutes, STACK_SERVICES, serviceEnvironment } from '../../scripts/stack-definition.js';
import { readConfig } from '../../services/web/config.js';
import { upstreamsFrom } from '../../services/web/domain/upstreams.js';

const web = STACK_SERVICES.find((s) => s.name === 'web')!;
const env = (overrides: Record<string, string> = {}) => ({
  ...serviceEnvironment(web, (name) => `http://${name}:1`, 'redis://redis:6379'),
  ...overrides,
});

describe("the gateway's routing table", () => {
  it('when web runs with the environment the stack table derives, then each prefix goes to its service', () => {
    const upstreams = upstreamsFrom(readConfig(env()));
    expect(upstreams.find((u) => u.name === 'budget')).toEqual({
      name: 'budget',
      url: 'http://budget:1',
      prefixes: ['/api/v1/providers', '/api/v1/budget'],
    });
    const table = STACK_SERVICES.filter((s) => s.gatewayPrefixes);
    expect(upstreams.map((u) => u.name)).toEqual(table.map((s) => s.name));
    expect(upstreams.map((u) => u.prefixes)).toEqual(table.map((s) => s.gatewayPrefixes));
  });

  it('when a route names a service that is not an upstream, or is not a path, then start-up stops naming GATEWAY_ROUTES', () => {
    expect(() => readConfig(env({ GATEWAY_ROUTES: `${gatewayRoutes()},/api/v1/x=nowhere` }))).toThrow(
      'GATEWAY_ROUTES: names nowhere, which is not in GATEWAY_UPSTREAMS, got "/api/v1/x=nowhere"',
    );
    expect(() => readConfig(env({ GATEWAY_ROUTES: 'api=budget' }))).toThrow(
      /GATEWAY_ROUTES: expected \/path/,
    );
  });

  it('when the upstreams are not given, then start-up stops naming GATEWAY_UPSTREAMS', () => {
    expect(() => readConfig({ REDIS_URL: 'redis://redis:6379' })).toThrow(/GATEWAY_UPSTREAMS: is required/);
  });
});
