import { describe, expect, it } from 'vitest';
import { request } from '../support/api.js';
import { asClient } from '../support/clients.js';
import { useStack } from '../support/use-stack.js';
import { isDescendant, traceIdOf, waitForTrace } from '../support/trace-source.js';

/** Keys no earlier run used: a compose stack keeps its roadmap and voters between runs. */
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

describe('the product roadmap through the gateway', () => {
  const stack = useStack({ services: ['web', 'product-development'] });

  const features = () => `${stack.url('web')}/api/v1/product/features`;
  const create = (body: unknown) => request(features(), { body });
  const vote = async (id: string, client: string) =>
    request(`${features()}/${id}/vote`, { method: 'POST', headers: await asClient(stack, client) });

  it('when a feature is proposed, then it is created with an id and listed with no votes', async () => {
    const created = await create({ title: `  Dark mode ${run}  `, description: 'for night owls' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      title: `Dark mode ${run}`,
      description: 'for night owls',
      votes: 0,
    });
    expect(created.headers.get('location')).toBe(`/api/v1/product/features/${created.body.id}`);
    const fetched = await request(`${stack.url('web')}${created.headers.get('location')}`);
    expect(fetched.body).toEqual(created.body);

    const bare = await create({ title: `No description ${run}` });
    expect(bare.status).toBe(201);
    expect(bare.body.description).toBeNull();
  });

  it('when 50 clients vote for one feature at once, then every vote is counted exactly once and a second vote by one client is refused and not counted', async () => {
    const popular = (await create({ title: `Popular ${run}` })).body;
    const modest = (await create({ title: `Modest ${run}` })).body;
    const keys = Array.from({ length: 50 }, (_, i) => `voter-${run}-${i}`);

    const votes = await Promise.all(keys.map((key) => vote(popular.id, key)));
    expect(votes.map((v) => v.status)).toEqual(Array(50).fill(200));
    // Each vote saw its own count: the script counted them one at a time.
    expect(votes.map((v) => v.body.votes as number).sort((a, b) => a - b)).toEqual(keys.map((_, i) => i + 1));
    expect((await vote(modest.id, keys[0]!)).body).toEqual({ id: modest.id, votes: 1 });

    const again = await vote(popular.id, keys[7]!);
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'already_voted', message: expect.any(String) });
    expect((await request(`${features()}/${popular.id}`)).body.votes).toBe(50);

    const list = await request(`${features()}?limit=200`);
    expect(list.status).toBe(200);
    const counts = list.body.features.map((f: { votes: number }) => f.votes);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    const ids = list.body.features.map((f: { id: string }) => f.id);
    expect(ids).toContain(popular.id);
    expect(ids.indexOf(popular.id)).toBeLessThan(ids.indexOf(modest.id));
    expect(list.body.features.find((f: { id: string }) => f.id === popular.id)).toMatchObject({
      title: `Popular ${run}`,
      votes: 50,
    });

    const spans = await waitForTrace(
      stack.traces,
      traceIdOf(again.headers.get('traceresponse')),
      (s) =>
        s.some((x) => x.serviceName === 'web' && x.kind === 'server') &&
        s.some((x) => x.serviceName === 'product-development' && x.kind === 'server') &&
        s.some((x) => x.name === 'feature.vote'),
    );
    const webServer = spans.find((s) => s.serviceName === 'web' && s.kind === 'server')!;
    const server = spans.find((s) => s.serviceName === 'product-development' && s.kind === 'server')!;
    const voteSpan = spans.find((s) => s.name === 'feature.vote')!;
    expect(webServer.parentSpanId).toBeUndefined();
    expect(spans.find((s) => s.spanId === server.parentSpanId)).toMatchObject({
      serviceName: 'web',
      kind: 'client',
    });
    expect(isDescendant(spans, server, webServer)).toBe(true);
    expect(voteSpan.serviceName).toBe('product-development');
    expect(isDescendant(spans, voteSpan, server)).toBe(true);
    expect(voteSpan.attributes).toMatchObject({
      'feature.id': popular.id,
      'feature.vote_outcome': 'repeated',
    });
    // A refused vote is the client's doing, not a failure of the service.
    expect(voteSpan.statusCode).not.toBe(2);
    const redis = spans.filter(
      (s) => s.serviceName === 'product-development' && s.attributes['db.system.name'] === 'redis',
    );
    expect(redis.some((s) => isDescendant(spans, s, voteSpan))).toBe(true);
    // The voter's key never reaches a span.
    expect(JSON.stringify(spans.map((s) => s.attributes))).not.toContain(keys[7]);
  });

  it('when the feature does not exist, then voting answers a JSON 404', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-an-id']) {
      const res = await vote(id, `lost-${run}`);
      expect(res.status, id).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
    expect((await request(`${features()}/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
  });

  it('when the input is bad, then the answer is a JSON 400', async () => {
    const cases: Array<[unknown, string | undefined]> = [
      [{}, 'title'],
      [{ title: '   ' }, 'title'],
      [{ title: 42 }, 'title'],
      [{ title: 'x'.repeat(121) }, 'title'],
      [{ title: 'ok', description: 7 }, 'description'],
      [{ title: 'ok', description: 'y'.repeat(2001) }, 'description'],
      [['title'], undefined],
    ];
    for (const [body, field] of cases) {
      const res = await create(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('bad_request');
      if (field) expect(res.body.error.details).toEqual({ field });
    }
    const invalid = await request(features(), {
      raw: '{"title": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('invalid_json');
    expect((await request(`${features()}?limit=0`)).status).toBe(400);
  });
});
