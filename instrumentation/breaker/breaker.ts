import { trace, type Counter } from '@opentelemetry/api';
import CircuitBreaker from 'opossum';
import type { Logger } from '../logger.js';
import { ATTR_BREAKER_NAME, ATTR_BREAKER_STATE, EVENT_BREAKER_STATE_CHANGE } from './attributes.js';
import { BreakerOpenError, BreakerTimeoutError } from './errors.js';
import { transitionAttributes, transitionCounter } from './instruments.js';
import { ROLLING_COUNT_BUCKETS, resolveBreakerOptions } from './options.js';
import type { BreakerCallOptions, BreakerOptions, BreakerSnapshot, BreakerState } from './types.js';
import { isClientError, opossumCode } from './utils.js';

/** What one call hands to opossum: the work, and the controller that is that call's alone. */
interface CallContext {
  run: () => Promise<unknown>;
  controller: AbortController;
  callerSignal: AbortSignal | undefined;
}

/** Wraps a rejection the caller caused by aborting its own signal: not the upstream's fault. */
class CallerAborted extends Error {
  constructor(readonly reason: unknown) {
    super('aborted by the caller');
  }
}

async function runCall(context: CallContext): Promise<unknown> {
  try {
    return await context.run();
  } catch (error) {
    if (context.callerSignal?.aborted && !context.controller.signal.aborted) throw new CallerAborted(error);
    throw error;
  }
}

/**
 * One upstream's circuit breaker: opossum's rolling-window error rate, minimum volume and reset timeout
 * with a single half-open probe, plus a timeout that aborts the call it belongs to. opossum's own
 * `abortController` option is one controller per breaker: a timeout aborts every call in flight, and
 * it is only renewed on a state change. Here each call gets its own. Create through `BreakerRegistry`.
 */
export class ServiceBreaker {
  readonly name: string;
  readonly options: Readonly<BreakerOptions>;
  readonly #circuit: CircuitBreaker<[CallContext], unknown>;
  readonly #logger: Logger | undefined;
  readonly #transitions: Counter;

  constructor(name: string, options: Partial<BreakerOptions> = {}, logger?: Logger) {
    this.name = name;
    this.#transitions = transitionCounter(name);
    this.options = resolveBreakerOptions(name, options);
    this.#logger = logger;
    this.#circuit = new CircuitBreaker(runCall, {
      name,
      timeout: this.options.timeoutMs,
      errorThresholdPercentage: this.options.errorThresholdPercentage,
      volumeThreshold: this.options.volumeThreshold,
      rollingCountTimeout: this.options.rollingCountTimeoutMs,
      rollingCountBuckets: ROLLING_COUNT_BUCKETS,
      resetTimeout: this.options.resetTimeoutMs,
      errorFilter: (error: unknown) => error instanceof CallerAborted || isClientError(error),
      enableSnapshots: false,
    });
    this.#circuit.on('open', () => this.#stateChanged('open', true));
    // Announced from opossum's reset timer, whose context holds the span of the call that opened the
    // breaker, long ended: the event goes on the probe's span instead (see #annotateActiveSpan).
    this.#circuit.on('halfOpen', () => this.#stateChanged('half_open', false));
    this.#circuit.on('close', () => this.#stateChanged('closed', true));
  }

  get state(): BreakerState {
    if (this.#circuit.halfOpen) return 'half_open';
    return this.#circuit.closed ? 'closed' : 'open';
  }

  /**
   * Runs `fn` through the breaker. Rejects with `BreakerOpenError` without calling `fn` while open, with
   * `BreakerTimeoutError` after `timeoutMs` (aborting `signal`), else settles as `fn` did.
   */
  async call<T>(fn: (signal: AbortSignal) => Promise<T>, options: BreakerCallOptions = {}): Promise<T> {
    const callerSignal = options.signal ?? undefined;
    callerSignal?.throwIfAborted();
    const controller = new AbortController();
    const signal = callerSignal ? AbortSignal.any([controller.signal, callerSignal]) : controller.signal;
    this.#annotateActiveSpan();
    try {
      return (await this.#circuit.fire({ run: () => fn(signal), controller, callerSignal })) as T;
    } catch (error) {
      throw this.#translate(error, controller);
    }
  }

  snapshot(): BreakerSnapshot {
    const stats = this.#circuit.stats;
    const { timeoutMs, errorThresholdPercentage, volumeThreshold, resetTimeoutMs } = this.options;
    return {
      state: this.state,
      stats: {
        calls: stats.fires,
        successes: stats.successes,
        failures: stats.failures,
        rejects: stats.rejects,
        timeouts: stats.timeouts,
        latencyMeanMs: Math.round(stats.latencyMean * 10) / 10,
      },
      options: { timeoutMs, errorThresholdPercentage, volumeThreshold, resetTimeoutMs },
    };
  }

  /** Stops opossum's timers; every later call is refused with `BreakerOpenError`. */
  shutdown(): void {
    this.#circuit.shutdown();
  }

  #translate(error: unknown, controller: AbortController): unknown {
    if (error instanceof CallerAborted) return error.reason;
    switch (opossumCode(error)) {
      case 'ETIMEDOUT': {
        const timeout = new BreakerTimeoutError(this.name, this.options.timeoutMs);
        controller.abort(timeout);
        return timeout;
      }
      case 'EOPENBREAKER':
        return new BreakerOpenError(this.name);
      case 'ESHUTDOWN':
        return new BreakerOpenError(this.name, `Circuit '${this.name}' is shut down`);
      default:
        return error;
    }
  }

  #annotateActiveSpan(): void {
    const span = trace.getActiveSpan();
    if (!span?.isRecording()) return;
    const state = this.state;
    span.setAttributes({ [ATTR_BREAKER_NAME]: this.name, [ATTR_BREAKER_STATE]: state });
    // pendingClose: this call is the one half-open probe.
    if (state === 'half_open' && this.#circuit.pendingClose) {
      span.addEvent(EVENT_BREAKER_STATE_CHANGE, {
        [ATTR_BREAKER_NAME]: this.name,
        [ATTR_BREAKER_STATE]: state,
      });
    }
  }

  #stateChanged(state: BreakerState, onActiveSpan: boolean): void {
    // A listener that threw would surface inside opossum's promise chain and leave the call unsettled.
    try {
      this.#transitions.add(1, transitionAttributes(this.name, state));
      const span = trace.getActiveSpan();
      if (onActiveSpan && span?.isRecording()) {
        span.addEvent(EVENT_BREAKER_STATE_CHANGE, {
          [ATTR_BREAKER_NAME]: this.name,
          [ATTR_BREAKER_STATE]: state,
        });
      }
      const { calls, failures, timeouts } = this.snapshot().stats;
      const fields = { breaker: this.name, state, window: { calls, failures, timeouts } };
      if (state === 'open') this.#logger?.warn(fields, `circuit breaker '${this.name}' opened`);
      else
        this.#logger?.info(
          fields,
          `circuit breaker '${this.name}' ${state === 'closed' ? 'closed' : 'half-open'}`,
        );
    } catch {
      // telemetry must never break the call path
    }
  }
}
