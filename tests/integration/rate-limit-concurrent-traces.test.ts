import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CollectedSpan } from '../support/otlp-json.js';
import { OtlpReceiver } from '../support/otlp-receiver.js';
import { RedisServer } from '../support/redis-server.js';
import { ServiceProcess } from '../support/service-process.js';
import { isDescendant, traceIdOf, waitForTrace } from '../support/trace-source.js';
import { isComposeTarget } from '../support/compose.js';

const APP = 'dist/tests/fixtures/limiter-app/main.js';
const CONCURRENT = 20;

const isRedisSpan = (s: CollectedSpan) => s.attributes['db.system.name'] === 'redis';

// The limiter's Redis commands of one event-loop tick share one write (auto-pipelining);
// their spans must still belong to the request that made each of them.
describe.skipIf(isComposeTarget())('rate limit decisions of concurrent requests in traces', () => {
  let redis: RedisServer;
  let receiver: OtlpReceiver;
  let app: ServiceProcess;

  beforeAll(async () => {
    redis = await RedisServer.start();
    receiver = await OtlpReceiver.start();
    app = await ServiceProcess.start({
      name: 'limiter-app-concurrent',
      entry: APP,
      env: {
        REDIS_URL: redis.url,
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_TRACES_SAMPLER: 'always_on',
        TRUST_PROXY_HOPS: '1',
        LIMIT_CAPACITY: '1000',
      },
    });
  });

  afterAll(async () => {
    await app?.stop();
    await receiver?.stop();
    await redis?.destroy();
  });

  it('when many requests are decided at once, then each trace holds its own Redis call under its own server span', async () => {
    const answers = await Promise.all(
      Array.from({ length: CONCURRENT }, (_, i) =>
        fetch(`${app.url}/limited/ping`, { headers: { 'x-forwarded-for': `198.51.100.${i + 1}` } }),
      ),
    );
    expect(answers.map((res) => res.status)).toEqual(Array(CONCURRENT).fill(200));

    for (const res of answers) {
      const spans = await waitForTrace(receiver, traceIdOf(res.headers.get('traceresponse')), (s) =>
        s.some(isRedisSpan),
      );
      const server = spans.find((s) => s.kind === 'server')!;
      const redisSpans = spans.filter(isRedisSpan);
      expect(redisSpans).toHaveLength(1);
      expect(isDescendant(spans, redisSpans[0]!, server)).toBe(true);
    }
  });
});
