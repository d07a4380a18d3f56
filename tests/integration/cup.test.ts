import { describe, expect, it } from 'vitest';
import { request } from '../support/api.js';
import { asClient } from '../support/clients.js';
import { useStack } from '../support/use-stack.js';
import { isDescendant, traceIdOf, waitForTrace } from '../support/trace-source.js';
import { waitFor } from '../../scripts/tooling/wait-for.js';

/** Names and keys no earlier run used: a compose stack keeps its board and buckets between runs. */
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

describe('the cup leaderboard through the gateway', () => {
  const stack = useStack({ services: ['web', 'cup'] });

  const post = async (body: unknown, client: string) =>
    request(`${stack.url('web')}/api/v1/cup/scores`, { body, headers: await asClient(stack, client) });
  const standing = (player: string) =>
    request(`${stack.url('web')}/api/v1/cup/scores/${encodeURIComponent(player)}`);
  const leaderboard = (query = '') => request(`${stack.url('web')}/api/v1/cup/leaderboard${query}`);

  it('when a player posts scores, then the board keeps the best one and ranks it, in one trace from web to cup to Redis', async () => {
    const key = `cup-scores-${run}`;
    const top = `top-${run}`;
    const next = `next-${run}`;
    expect((await post({ player: top, score: 999_999_000 }, key)).status).toBe(200);

    const first = await post({ player: next, score: 999_998_000 }, key);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ player: next, score: 999_998_000, best: 999_998_000, improved: true });
    const lower = await post({ player: next, score: 5 }, key);
    expect(lower.body).toMatchObject({ player: next, score: 5, best: 999_998_000, improved: false });
    expect(lower.body.rank).toBe(first.body.rank);
    expect(lower.headers.get('ratelimit-policy')).toBe('"cup-scores";q=20;w=10');

    expect((await standing(next)).body).toEqual({ player: next, score: 999_998_000, rank: first.body.rank });
    expect((await standing(top)).body.rank).toBeLessThan(first.body.rank);
    expect((await standing(`never-${run}`)).status).toBe(404);

    // The board is shared (a compose stack keeps it between runs): check its shape, and our players where listed.
    const board = await leaderboard('?limit=100');
    expect(board.status).toBe(200);
    const entries: Array<{ rank: number; player: string; score: number }> = board.body.entries;
    expect(entries.length).toBeGreaterThanOrEqual(2);
    expect(entries.map((e) => e.rank)).toEqual(entries.map((_, i) => i + 1));
    expect(entries.map((e) => e.score)).toEqual([...entries.map((e) => e.score)].sort((a, b) => b - a));
    for (const entry of entries.filter((e) => e.player === top || e.player === next))
      expect(entry).toEqual((await standing(entry.player)).body);
    expect(board.body.players).toBeGreaterThanOrEqual(2);
    expect((await leaderboard()).body.entries.length).toBeLessThanOrEqual(10);
    // Reads are not limited by cup's score policy.
    expect(board.headers.get('ratelimit-policy')).not.toContain('cup-scores');

    const spans = await waitForTrace(
      stack.traces,
      traceIdOf(first.headers.get('traceresponse')),
      (s) =>
        s.some((x) => x.serviceName === 'web' && x.kind === 'server') &&
        s.some((x) => x.serviceName === 'cup' && x.kind === 'server') &&
        s.some((x) => x.name === 'cup.submit'),
    );
    const webServer = spans.find((s) => s.serviceName === 'web' && s.kind === 'server')!;
    const cupServer = spans.find((s) => s.serviceName === 'cup' && s.kind === 'server')!;
    const submit = spans.find((s) => s.name === 'cup.submit')!;
    expect(webServer.parentSpanId).toBeUndefined();
    expect(spans.find((s) => s.spanId === cupServer.parentSpanId)).toMatchObject({
      serviceName: 'web',
      kind: 'client',
    });
    expect(isDescendant(spans, cupServer, webServer)).toBe(true);
    expect(submit.serviceName).toBe('cup');
    expect(isDescendant(spans, submit, cupServer)).toBe(true);
    expect(submit.attributes).toMatchObject({ 'cup.score': 999_998_000, 'cup.improved': true });
    expect(cupServer.attributes).toMatchObject({
      'ratelimit.policy': 'cup-scores',
      'ratelimit.decision': 'allowed',
    });
    const redis = spans.filter((s) => s.serviceName === 'cup' && s.attributes['db.system.name'] === 'redis');
    expect(redis.some((s) => isDescendant(spans, s, submit))).toBe(true);
  });

  it('when one client posts 21 scores at once, then 20 pass and the 21st is 429 with Retry-After and not recorded, while another client is unaffected', async () => {
    const greedy = `cup-greedy-${run}`;
    const players = Array.from({ length: 21 }, (_, i) => `greedy-${run}-${i}`);
    const started = Date.now();
    const answers = await Promise.all(players.map((player) => post({ player, score: 999_996_000 }, greedy)));
    const spreadSeconds = (Date.now() - started) / 1000;
    const accepted = players.filter((_, i) => answers[i]!.status === 200);
    const refused = players.filter((_, i) => answers[i]!.status === 429);

    // Exactly the capacity, plus whatever refilled (2 per second) while the posts were being decided.
    expect(accepted.length).toBeGreaterThanOrEqual(20);
    expect(accepted.length, `after ${spreadSeconds} s`).toBeLessThanOrEqual(
      20 + Math.floor(spreadSeconds * 2),
    );
    expect(accepted.length + refused.length).toBe(21);
    // On a loaded host a token may have refilled: the next post drains it, and one after is refused.
    const refusal =
      answers.find((a) => a.status === 429) ??
      (await waitFor(
        async () => {
          const player = `late-${run}-${accepted.length + refused.length}`;
          const res = await post({ player, score: 999_996_000 }, greedy);
          (res.status === 429 ? refused : accepted).push(player);
          return res.status === 429 ? res : undefined;
        },
        { timeoutMs: 5_000, intervalMs: 1, what: 'a refused post' },
      ));
    expect(Number(refusal.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refusal.headers.get('ratelimit-policy')).toBe('"cup-scores";q=20;w=10');
    expect(refusal.body.error.code).toBe('rate_limited');
    expect(refusal.body.retryAfterMs).toBeGreaterThan(0);

    const other = await post({ player: `patient-${run}`, score: 999_997_000 }, `cup-patient-${run}`);
    expect(other.status).toBe(200);
    expect((await standing(`patient-${run}`)).status).toBe(200);
    for (const player of accepted) expect((await standing(player)).status, player).toBe(200);
    for (const player of refused) expect((await standing(player)).status, player).toBe(404);
  });

  it('when the input is bad, then the answer is a JSON 400 naming the field', async () => {
    const key = `cup-bad-${run}`;
    const cases: Array<[unknown, string]> = [
      [{ score: 1 }, 'player'],
      [{ player: '', score: 1 }, 'player'],
      [{ player: 'x'.repeat(65), score: 1 }, 'player'],
      [{ player: '<script>', score: 1 }, 'player'],
      [{ player: ' padded', score: 1 }, 'player'],
      [{ player: 'ok' }, 'score'],
      [{ player: 'ok', score: '10' }, 'score'],
      [{ player: 'ok', score: -1 }, 'score'],
      [{ player: 'ok', score: 1.5 }, 'score'],
      [{ player: 'ok', score: 1_000_000_001 }, 'score'],
    ];
    for (const [body, field] of cases) {
      const res = await post(body, key);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'bad_request', details: { field } });
    }
    const array = await post([1], key);
    expect(array.status).toBe(400);
    expect(array.body.error.code).toBe('bad_request');
    const badName = await standing('<script>');
    expect(badName.status).toBe(400);
    expect(badName.body.error).toMatchObject({ code: 'bad_request', details: { field: 'player' } });
    for (const limit of ['0', '101', 'abc', '2.5']) {
      const res = await leaderboard(`?limit=${limit}`);
      expect(res.status, limit).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'bad_request', details: { field: 'limit' } });
    }
  });
});
