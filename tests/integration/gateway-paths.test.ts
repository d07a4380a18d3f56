import { describe, expect, it } from 'vitest';
import { request } from '../support/api.js';
import { rawRequest } from '../support/raw-http.js';
import { useStack } from '../support/use-stack.js';

/**
 * Targets that would name another path once fetch parsed the upstream URL, each sent as written
 * (node:http; fetch would resolve the dots itself). The targets named after the service's own
 * observability endpoint, which the gateway does not route, are the ones that escaped before.
 */
const REFUSED: Array<[string, string]> = [
  ['a .. segment', '/api/v1/cup/../training/jobs'],
  ['.. to a service’s unrouted paths', '/api/v1/training/../system/observability'],
  ['%2e%2e', '/api/v1/training/%2e%2e/system/observability'],
  ['%2E%2e', '/api/v1/training/%2E%2e/system/observability'],
  ['.%2e', '/api/v1/training/.%2e/system/observability'],
  ['a . segment', '/api/v1/cup/./leaderboard'],
  ['%2e', '/api/v1/cup/%2e/leaderboard'],
  ['an encoded /', '/api/v1/cup/..%2f..%2ftraining%2fjobs'],
  ['an encoded / (upper case)', '/api/v1/cup/leaderboard%2F..%2F..%2Ftraining'],
  ['an encoded \\', '/api/v1/cup/..%5c..%5ctraining'],
  ['a raw \\ (a / to the URL parser)', '/api/v1/training/..\\..\\system\\observability'],
  ['a #', '/api/v1/cup/leaderboard#/../../training/jobs'],
  ['a malformed %', '/api/v1/cup/%zz'],
  ['an absolute URL', 'http://upstream.example/api/v1/cup/leaderboard'],
];

describe('paths through the gateway: each upstream sees only its own routes', () => {
  const stack = useStack({ services: ['cup', 'training', 'web'] });

  const breakerCalls = async () => {
    const { breakers } = (await request(`${stack.url('web')}/api/v1/system/observability`)).body;
    return Object.values(breakers as Record<string, { stats: { calls: number } }>).reduce(
      (sum, b) => sum + b.stats.calls,
      0,
    );
  };

  for (const [what, path] of REFUSED) {
    it(`when a path carries ${what}, then the gateway answers 400 invalid_path in JSON and calls no upstream`, async () => {
      const before = await breakerCalls();

      const res = await rawRequest(stack.url('web'), { path });

      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toMatchObject({ error: { code: 'invalid_path' } });
      expect(await breakerCalls()).toBe(before);
    });
  }

  it('when dots sit in the query, a segment merely contains them, or a % is encoded twice, then the path is forwarded as sent', async () => {
    const web = stack.url('web');

    const query = await rawRequest(web, { path: '/api/v1/cup/leaderboard?next=../../x' });
    const dotted = await rawRequest(web, { path: '/api/v1/cup/scores/a..b' });
    const twice = await rawRequest(web, { path: '/api/v1/cup/%252e%252e/leaderboard' });

    expect(query.status).toBe(200);
    // cup's own answers: the player is unknown, the path is not one of cup's.
    expect(dotted.body).not.toMatchObject({ error: { code: 'invalid_path' } });
    expect(twice).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
  });
});
