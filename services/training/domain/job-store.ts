import { randomUUID } from 'node:crypto';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import type { Redis } from 'ioredis';
import { AppError, inSpan, isRedisUnavailable } from '../../../instrumentation/index.js';
import {
  ATTR_JOB_DATASET_ROWS,
  ATTR_JOB_ID,
  ATTR_JOB_MODEL,
  ATTR_JOB_PROVIDER,
  SPAN_TRAINING_ENQUEUE,
} from '../attributes.js';
import { fromHash, toHash, type Job, type JobInput, type StoredJob } from './job.js';
import { DUE_KEY, JOB_TTL_SECONDS, jobKey } from './job-queue.js';

const tracer = trace.getTracer('training');
/** The index keeps the newest jobs only; older job hashes expire on their own. */
const MAX_INDEXED_JOBS = 1_000;
const INDEX_KEY = 'training:jobs';

export const STORE_UNAVAILABLE = 'store_unavailable';

/** Redis being away becomes a 503 the route answers; any other error is a bug and stays as it is. */
function unavailable(error: unknown): unknown {
  if (!isRedisUnavailable(error)) return error;
  return new AppError(503, STORE_UNAVAILABLE, 'The job store is unavailable', { cause: error });
}

/** Training jobs in Redis: a hash per job and an index by creation time; new jobs join the due queue. */
export class JobStore {
  constructor(private readonly redis: Redis) {}

  /** Stores a queued job with the trace context of the creating request, for the worker's span links. */
  create(input: JobInput, firstStepDueMs: number): Promise<Job> {
    return inSpan(
      tracer,
      SPAN_TRAINING_ENQUEUE,
      async (span) => {
        const now = new Date();
        const origin: Record<string, string> = {};
        propagation.inject(context.active(), origin);
        const job: StoredJob = {
          id: randomUUID(),
          ...input,
          status: 'queued',
          createdAt: now.toISOString(),
          updatedAt: now.toISOString(),
          steps: [],
          origin,
        };
        span.setAttributes({
          [ATTR_JOB_ID]: job.id,
          [ATTR_JOB_PROVIDER]: input.provider,
          [ATTR_JOB_MODEL]: input.model,
          [ATTR_JOB_DATASET_ROWS]: input.datasetRows,
        });
        try {
          await this.redis
            .multi()
            .hset(jobKey(job.id), toHash(job))
            .expire(jobKey(job.id), JOB_TTL_SECONDS)
            .zadd(INDEX_KEY, now.getTime(), job.id)
            .zremrangebyrank(INDEX_KEY, 0, -(MAX_INDEXED_JOBS + 1))
            .zadd(DUE_KEY, firstStepDueMs, job.id)
            .exec();
          const { origin: _origin, ...visible } = job;
          return visible;
        } catch (error) {
          throw unavailable(error);
        }
      },
      { kind: SpanKind.PRODUCER },
    );
  }

  async get(id: string): Promise<StoredJob | undefined> {
    try {
      return fromHash(await this.redis.hgetall(jobKey(id)));
    } catch (error) {
      throw unavailable(error);
    }
  }

  /** The newest jobs first. */
  async list(limit: number): Promise<StoredJob[]> {
    try {
      const ids = await this.redis.zrevrange(INDEX_KEY, 0, limit - 1);
      const pipeline = this.redis.pipeline();
      for (const id of ids) pipeline.hgetall(jobKey(id));
      const hashes = ids.length > 0 ? ((await pipeline.exec()) ?? []) : [];
      return hashes.flatMap(([, hash]) => fromHash((hash ?? {}) as Record<string, string>) ?? []);
    } catch (error) {
      throw unavailable(error);
    }
  }
}
