import { describe, expect, it } from 'vitest';
import { request } from '../support/api.js';
import { rawRequest } from '../support/raw-http.js';
import { asClient } from '../support/clients.js';
import { useStack } from '../support/use-stack.js';

const CUP_BREAKER = 'upstream:cup';
const LEADERBOARD = '/api/v1/cup/leaderboard';
const FLOOD = 50;

describe('methods at the gateway and at a service: a client’s method is never an upstream’s fault', () => {
  const stack = useStack({ services: ['cup', 'web'] });

  const cupBreaker = async () =>
    (await request(`${stack.url('web')}/api/v1/system/observability`)).body.breakers[CUP_BREAKER];

  it('when a client sends 50 TRACE requests and 20 with Expect: 100-continue, then each is answered for itself, another client is served and the breaker stays closed', async () => {
    const web = stack.url('web');
    // One served call first, so the breaker exists and its figures are the ones compared after.
    expect((await request(`${web}${LEADERBOARD}`)).status).toBe(200);
    const before = await cupBreaker();
    const [tracer, expecter, other] = [
      await asClient(stack, 'tracer'),
      await asClient(stack, 'expecter'),
      await asClient(stack, 'other'),
    ];

    const traces = await Promise.all(
      Array.from({ length: FLOOD }, () =>
        rawRequest(web, { method: 'TRACE', path: LEADERBOARD, headers: tracer }),
      ),
    );
    const expecting = await Promise.all(
      Array.from({ length: 20 }, () =>
        rawRequest(web, { path: LEADERBOARD, headers: { ...expecter, expect: '100-continue' } }),
      ),
    );
    const others = await Promise.all(
      Array.from({ length: 10 }, () => request(`${web}${LEADERBOARD}`, { headers: other })),
    );

    expect(new Set(traces.map((r) => r.status))).toEqual(new Set([405]));
    expect(new Set(expecting.map((r) => r.status))).toEqual(new Set([200]));
    expect(others.map((r) => r.status)).toEqual(Array(10).fill(200));
    const after = await cupBreaker();
    expect(after.state).toBe('closed');
    expect(after.stats.failures).toBe(before.stats.failures);
    // The TRACE requests never reached the breaker: only the 30 served requests were calls.
    expect(after.stats.calls - before.stats.calls).toBe(30);
  });

  it('when a method the route does not serve reaches the gateway, then 405 with Allow and a JSON body, before any upstream call', async () => {
    const web = stack.url('web');
    const before = await cupBreaker();

    for (const method of ['TRACE', 'DELETE', 'PUT', 'PATCH']) {
      const res = await rawRequest(web, { method, path: LEADERBOARD });
      expect(res.status).toBe(405);
      expect(res.headers.allow).toBe('GET, POST, HEAD, OPTIONS');
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual({
        error: {
          code: 'method_not_allowed',
          message: `${method} is not allowed on ${LEADERBOARD}`,
          details: { allow: ['GET', 'POST', 'HEAD', 'OPTIONS'] },
        },
      });
    }

    expect((await cupBreaker()).stats.calls).toBe(before.stats.calls);
  });

  it('when OPTIONS reaches the gateway, then 204 with Allow for the route, answered by the gateway itself', async () => {
    const web = stack.url('web');
    const before = await cupBreaker();

    const proxied = await rawRequest(web, { method: 'OPTIONS', path: LEADERBOARD });
    const own = await rawRequest(web, { method: 'OPTIONS', path: '/api/v1/system/observability' });
    const nowhere = await rawRequest(web, { method: 'OPTIONS', path: '/api/v1/nowhere' });

    expect(proxied).toMatchObject({ status: 204, body: undefined });
    expect(proxied.headers.allow).toBe('GET, POST, HEAD, OPTIONS');
    expect(own).toMatchObject({ status: 204, body: undefined });
    expect(own.headers.allow).toBe('GET, HEAD, OPTIONS');
    expect(nowhere).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    expect((await cupBreaker()).stats.calls).toBe(before.stats.calls);
  });

  it('when a service is called directly, then OPTIONS is 204 with the path’s Allow and another method 405 with JSON', async () => {
    const cup = stack.url('cup');

    const options = await rawRequest(cup, { method: 'OPTIONS', path: LEADERBOARD });
    const scores = await rawRequest(cup, { method: 'OPTIONS', path: '/api/v1/cup/scores' });
    const refused = await rawRequest(cup, { method: 'DELETE', path: LEADERBOARD });
    const unknown = await rawRequest(cup, { method: 'DELETE', path: '/api/v1/cup/nowhere' });

    expect(options).toMatchObject({ status: 204, body: undefined });
    expect(options.headers.allow).toBe('GET, HEAD, OPTIONS');
    expect(scores.headers.allow).toBe('POST, OPTIONS');
    expect(refused).toMatchObject({ status: 405, body: { error: { code: 'method_not_allowed' } } });
    expect(refused.headers.allow).toBe('GET, HEAD, OPTIONS');
    expect(unknown).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
  });

  it('when a method the prefix serves is not served on that path, then the service’s 405 passes through and is no breaker failure', async () => {
    const before = await cupBreaker();

    const res = await request(`${stack.url('web')}${LEADERBOARD}`, { method: 'POST', body: {} });

    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    expect(res.body).toMatchObject({ error: { code: 'method_not_allowed' } });
    expect((await cupBreaker()).stats.failures).toBe(before.stats.failures);
  });
});
