import { afterAll, beforeAll, beforeEach } from 'vitest';
import { OtlpReceiver } from './otlp-receiver.js';
import { RedisServer } from './redis-server.js';
import { ServiceProcess } from './service-process.js';

export interface Fixture {
  readonly redis: RedisServer;
  readonly receiver: OtlpReceiver;
  readonly app: ServiceProcess;
}

/**
 * One fixture app (tests/fixtures/<name>) for the enclosing describe block, with a private Redis and
 * the harness's OTLP receiver, every trace sampled: started before the first test, stopped after the
 * last, its log printed when a test fails. `env` comes on top of REDIS_URL and the exporter settings.
 */
export function useFixture(spec: { name: string; entry: string; env?: Record<string, string> }): Fixture {
  let parts: Fixture | undefined;
  const started = (): Fixture => {
    if (!parts) throw new Error('the fixture is used outside a test, or it failed to start');
    return parts;
  };

  beforeAll(async () => {
    const redis = await RedisServer.start();
    const receiver = await OtlpReceiver.start();
    const app = await ServiceProcess.start({
      name: spec.name,
      entry: spec.entry,
      env: {
        REDIS_URL: redis.url,
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_TRACES_SAMPLER: 'always_on',
        ...spec.env,
      },
    });
    parts = { redis, receiver, app };
  });
  afterAll(async () => {
    await parts?.app.stop();
    await parts?.receiver.stop();
    await parts?.redis.destroy();
  });
  beforeEach(({ onTestFailed }) => {
    onTestFailed(() => console.log(parts?.app.log().slice(-4000) ?? 'the fixture did not start'));
  });

  return {
    get redis() {
      return started().redis;
    },
    get receiver() {
      return started().receiver;
    },
    get app() {
      return started().app;
    },
  };
}
