import { propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Link } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';
import {
  AppError,
  inSpan,
  isRedisUnavailable,
  OutageLog,
  type Logger,
} from '../../../instrumentation/index.js';
import {
  ATTR_JOB_ID,
  ATTR_STEP_APPLIED,
  ATTR_STEP_FROM,
  ATTR_STEP_TO,
  SPAN_TRAINING_STEP,
} from '../attributes.js';
import { isTerminal, nextStep, type StoredJob } from './job.js';
import type { JobQueue } from './job-queue.js';
import { STORE_UNAVAILABLE, type JobStore } from './job-store.js';

const tracer = trace.getTracer('training');

const isStoreUnavailable = (error: unknown): boolean =>
  isRedisUnavailable(error) || (error instanceof AppError && error.code === STORE_UNAVAILABLE);
/** Bounds one tick, so a backlog is worked off over several ticks rather than in one long loop. */
const MAX_STEPS_PER_TICK = 50;

export interface WorkerOptions {
  store: JobStore;
  queue: JobQueue;
  logger: Logger;
  stepMs: number;
  pollMs: number;
  leaseMs: number;
}

/**
 * Moves due jobs one step on (queued → running → succeeded or failed). Each step is claimed atomically
 * in Redis (see JobQueue), so replicas share the queue without applying a step twice. Each step is its
 * own trace, linked to (not a child of) the request that created the job: the work happens long after
 * that request ended.
 */
export class TrainingWorker {
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> | undefined;
  private running = false;
  private readonly outage: OutageLog;

  constructor(private readonly options: WorkerOptions) {
    this.outage = new OutageLog(options.logger, {
      down: 'training worker: job store unavailable; retrying',
      up: 'training worker: job store reachable again',
    });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.current;
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.current = this.tick().finally(() => {
        if (this.running) this.schedule();
      });
    }, this.options.pollMs);
  }

  /** Runs every step that is due now; Redis being away is logged once and retried on the next tick. */
  async tick(): Promise<void> {
    const { store, queue, leaseMs } = this.options;
    try {
      for (let i = 0; i < MAX_STEPS_PER_TICK && this.running; i += 1) {
        const id = await queue.claimDue(Date.now(), leaseMs);
        if (!id) break;
        const job = await store.get(id);
        if (job && !isTerminal(job.status)) await this.step(job);
        else await queue.forget(id);
      }
      this.outage.recovered();
    } catch (error) {
      // The store being away is retried on the next tick. Anything else is a bug: logged as one, never
      // as an outage, and the loop goes on so one bad job cannot stop the queue.
      if (isStoreUnavailable(error)) this.outage.failed(error);
      else this.options.logger.error({ err: error }, 'training worker: step failed');
    }
  }

  private step(job: StoredJob): Promise<void> {
    const next = nextStep(job)!;
    const origin = trace.getSpanContext(propagation.extract(ROOT_CONTEXT, job.origin));
    const links: Link[] = origin ? [{ context: origin }] : [];
    const attributes = { [ATTR_JOB_ID]: job.id, [ATTR_STEP_FROM]: job.status, [ATTR_STEP_TO]: next.to };
    return inSpan(
      tracer,
      SPAN_TRAINING_STEP,
      async (span) => {
        const now = Date.now();
        const step = {
          from: job.status,
          to: next.to,
          at: new Date(now).toISOString(),
          traceId: span.spanContext().traceId,
        };
        const nextDue = isTerminal(next.to) ? undefined : now + this.options.stepMs;
        span.setAttribute(
          ATTR_STEP_APPLIED,
          await this.options.queue.advance(job, step, nextDue, next.error),
        );
        if (next.error) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: next.error });
          span.setAttribute(ATTR_ERROR_TYPE, 'training_failed');
        }
      },
      { kind: SpanKind.CONSUMER, root: true, links, attributes },
    );
  }
}
