import { createHash } from 'node:crypto';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  TracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PersistentCache } from '../../instrumentation/cache/index.js';
import { SPAN_CACHE_LOOKUP } from '../../instrumentation/cache/attributes.js';
import { closeRedis, createRedis } from '../../instrumentation/redis/client.js';
import { RedisServer } from '../support/redis-server.js';

const PROMPT = 'user prompt: my account number is 12345';
const shortHash = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 16);

describe('cache lookups in traces', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const contextManager = new AsyncLocalStorageContextManager();
  const test = trace.getTracer('cache-tracing-test');
  let server: RedisServer;
  let inspect: Redis;
  const clients: Redis[] = [];
  let seq = 0;

  const cache = (name = `traced-${++seq}`) => {
    const redis = createRedis(server.url, 'cache-tracing-test');
    clients.push(redis);
    return new PersistentCache<string>({ name, redis, ttlMs: 10_000 });
  };
  const lookups = () => exporter.getFinishedSpans().filter((s) => s.name === SPAN_CACHE_LOOKUP);

  beforeAll(async () => {
    context.setGlobalContextManager(contextManager.enable());
    trace.setGlobalTracerProvider(provider);
    server = await RedisServer.start();
    inspect = server.client();
  });

  afterEach(() => exporter.reset());

  afterAll(async () => {
    for (const redis of clients) await closeRedis(redis);
    await inspect?.quit();
    await server?.destroy();
    await provider.shutdown();
    trace.disable();
    context.disable();
  });

  it('when a key misses, then hits L2, then hits L1, then each lookup is an INTERNAL span saying so', async () => {
    const writer = cache();
    const reader = cache(`traced-${seq}`);

    await reader.get(PROMPT);
    await writer.set(PROMPT, 'answer');
    await reader.lookup(PROMPT);
    await reader.getOrSet(PROMPT, async () => 'not run');

    const spans = lookups();
    expect(spans.map((s) => [s.attributes['cache.hit'], s.attributes['cache.tier']])).toEqual([
      [false, 'none'],
      [true, 'l2'],
      [true, 'l1'],
    ]);
    for (const span of spans) {
      expect(span.kind).toBe(SpanKind.INTERNAL);
      expect(span.attributes['cache.name']).toBe(`traced-${seq}`);
      expect(span.attributes['cache.key_hash']).toBe(shortHash(PROMPT));
      expect(span.status.code).not.toBe(SpanStatusCode.ERROR);
    }
  });

  it('when spans are exported, then the raw key appears in no attribute, event or name', async () => {
    const c = cache();

    await c.getOrSet(PROMPT, async () => 'answer');
    await c.get(PROMPT);

    const text = JSON.stringify(
      lookups().map((s: ReadableSpan) => ({ name: s.name, attributes: s.attributes, events: s.events })),
    );
    expect(lookups()).toHaveLength(2);
    expect(text).not.toContain('12345');
    expect(text).not.toContain('account');
  });

  it('when getOrSet misses, then the factory runs beside the lookup span, under the caller span', async () => {
    const c = cache();

    await test.startActiveSpan('request', async (request) => {
      const factory = async () =>
        test.startActiveSpan('provider', (span) => {
          span.end();
          return 'v';
        });
      await c.getOrSet('k', factory);
      request.end();
    });

    const spans = exporter.getFinishedSpans();
    const byName = (name: string) => spans.find((s) => s.name === name) as ReadableSpan;
    const requestId = byName('request').spanContext().spanId;
    expect(byName(SPAN_CACHE_LOOKUP).parentSpanContext?.spanId).toBe(requestId);
    expect(byName('provider').parentSpanContext?.spanId).toBe(requestId);
  });

  it('when concurrent getOrSet calls share one lookup, then each has its own span and the waiters are marked coalesced', async () => {
    const c = cache();

    await Promise.all([1, 2, 3].map(() => c.getOrSet('k', async () => 'v')));

    const spans = lookups();
    expect(spans).toHaveLength(3);
    expect(spans.filter((s) => s.attributes['cache.coalesced'] === true)).toHaveLength(2);
    expect(spans.every((s) => s.attributes['cache.hit'] === false)).toBe(true);
  });

  it('when the stored value is corrupt, then the lookup span is a miss that records the exception', async () => {
    const c = cache();
    await inspect.set(`cache:traced-${seq}:${createHash('sha256').update('k').digest('hex')}`, 'garbage');

    expect(await c.get('k')).toBeUndefined();

    const [span] = lookups();
    expect(span?.attributes).toMatchObject({
      'cache.hit': false,
      'cache.tier': 'none',
      'error.type': 'CacheDecodeError',
    });
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
    expect(span?.events.map((e) => e.name)).toContain('exception');
  });
});
