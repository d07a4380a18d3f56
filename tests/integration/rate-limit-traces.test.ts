import { describe, expect, it } from 'vitest';
import type { CollectedSpan } from '../support/otlp-json.js';
import { useFixture } from '../support/use-fixture.js';
import { isDescendant, traceIdOf, waitForTrace } from '../support/trace-source.js';

const APP = 'dist/tests/fixtures/limiter-app/main.js';
const CLIENT_IP = '203.0.113.77';
const API_KEY = 'sk-trace-secret-42';

const isRedisSpan = (s: CollectedSpan) => s.attributes['db.system.name'] === 'redis';

describe('rate limit decisions in traces, from a real process', () => {
  const fixture = useFixture({
    name: 'limiter-app',
    entry: APP,
    env: { TRUST_PROXY_HOPS: '1', LIMIT_CAPACITY: '2' },
  });

  async function limitedTrace(headers: Record<string, string>) {
    const res = await fetch(`${fixture.app.url}/limited/ping`, { headers });
    const spans = await waitForTrace(fixture.receiver, traceIdOf(res.headers.get('traceresponse')), (s) =>
      s.some(isRedisSpan),
    );
    const server = spans.find((s) => s.kind === 'server');
    return { res, spans, server: server!, redisSpans: spans.filter(isRedisSpan) };
  }

  it('when a request passes and the next is refused, then the server span carries the decision', async () => {
    const headers = { 'x-forwarded-for': CLIENT_IP };
    const passed = await limitedTrace(headers);
    await fetch(`${fixture.app.url}/limited/ping`, { headers });
    const refused = await limitedTrace(headers);

    expect(passed.res.status).toBe(200);
    expect(passed.server.attributes).toMatchObject({
      'ratelimit.policy': 'fixture-burst',
      'ratelimit.decision': 'allowed',
      'ratelimit.remaining': 1,
      'ratelimit.limit': 2,
      'ratelimit.fallback': false,
    });
    expect(isDescendant(passed.spans, passed.redisSpans[0]!, passed.server)).toBe(true);
    expect(refused.res.status).toBe(429);
    expect(refused.server.attributes).toMatchObject({
      'ratelimit.decision': 'rejected',
      'ratelimit.remaining': 0,
      'ratelimit.fallback': false,
    });
    expect(refused.server.attributes['ratelimit.retry_after_ms']).toBeGreaterThan(0);
  });

  it('when the limiter calls Redis, then the span names the command only, never the client address or key', async () => {
    const byIp = await limitedTrace({ 'x-forwarded-for': '198.51.100.23' });
    const byKey = await limitedTrace({ 'x-api-key': API_KEY });

    for (const span of [...byIp.redisSpans, ...byKey.redisSpans]) {
      const text = JSON.stringify({ name: span.name, attributes: span.attributes });
      expect(span.name).toMatch(/^eval/);
      expect(text).not.toContain('198.51.100.23');
      expect(text).not.toContain(API_KEY);
      expect(text).not.toContain('rl:fixture-burst');
    }
  });
});
