import { describe, expect, it } from 'vitest';
import type { CollectedSpan } from '../support/otlp-json.js';
import { useFixture } from '../support/use-fixture.js';
import { isDescendant, traceIdOf, waitForTrace } from '../support/trace-source.js';
import { isComposeTarget } from '../support/compose.js';

const APP = 'dist/tests/fixtures/limiter-app/main.js';
const CONCURRENT = 20;

const isRedisSpan = (s: CollectedSpan) => s.attributes['db.system.name'] === 'redis';

// The limiter's Redis commands of one event-loop tick share one write (auto-pipelining);
// their spans must still belong to the request that made each of them.
describe.skipIf(isComposeTarget())('rate limit decisions of concurrent requests in traces', () => {
  const fixture = useFixture({
    name: 'limiter-app-concurrent',
    entry: APP,
    env: { TRUST_PROXY_HOPS: '1', LIMIT_CAPACITY: '1000' },
  });

  it('when many requests are decided at once, then each trace holds its own Redis call under its own server span', async () => {
    const answers = await Promise.all(
      Array.from({ length: CONCURRENT }, (_, i) =>
        fetch(`${fixture.app.url}/limited/ping`, { headers: { 'x-forwarded-for': `198.51.100.${i + 1}` } }),
      ),
    );
    expect(answers.map((res) => res.status)).toEqual(Array(CONCURRENT).fill(200));

    for (const res of answers) {
      const spans = await waitForTrace(fixture.receiver, traceIdOf(res.headers.get('traceresponse')), (s) =>
        s.some(isRedisSpan),
      );
      const server = spans.find((s) => s.kind === 'server')!;
      const redisSpans = spans.filter(isRedisSpan);
      expect(redisSpans).toHaveLength(1);
      expect(isDescendant(spans, redisSpans[0]!, server)).toBe(true);
    }
  });
});
