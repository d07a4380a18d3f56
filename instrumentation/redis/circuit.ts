import type { Redis, RedisOptions } from 'ioredis';
import { observeStates, transitionAttributes, transitionCounter } from '../breaker/instruments.js';
import type { Logger } from '../logger.js';
import { createRedis } from './client.js';
import { gateCommands } from './gate.js';

/** The breaker name of the Redis circuit in `breaker.state`, `breaker.transitions` and the logs. */
export const REDIS_BREAKER_NAME = 'redis';

export interface RedisCircuitOptions {
  /** ioredis `commandTimeout`: a command Redis has not answered by then fails, and counts against Redis. */
  commandTimeoutMs: number;
  /** Consecutive unanswered commands (timeouts, lost connection) that open the circuit. */
  failureThreshold: number;
  /** While open, how often a PING asks whether Redis answers again. */
  probeIntervalMs: number;
  logger?: Logger | undefined;
}

export type RedisCircuitState = 'closed' | 'open';

const CIRCUIT_OF = new WeakMap<Redis, RedisCircuit>();

/** The circuit `client` was gated by, for whoever reports on the client (the observability endpoint). */
function circuitOf(client: Redis): RedisCircuit | undefined {
  return CIRCUIT_OF.get(client);
}

/** The observability part of the circuit gating `client`: its snapshot, or null for an ungated client. */
export function redisCircuitReport(client: Redis): () => unknown {
  return () => circuitOf(client)?.snapshot() ?? null;
}

/**
 * One per process, shared by every Redis client of the process (they all talk to the same server).
 * After `failureThreshold` commands in a row went unanswered, every command is refused at once, so
 * each caller takes its fallback (memory bucket, L1 or a miss, the spend journal) without waiting out
 * a timeout; a PING every `probeIntervalMs` closes it again once Redis answers. No request is ever the
 * trial call: a frozen Redis then costs requests nothing after the first few timeouts.
 *
 * Not opossum's breaker (instrumentation/breaker): it gates whole calls through an async `fire`, and
 * its half-open trial is a caller's request; here commands are refused synchronously inside ioredis's
 * `sendCommand`, which keeps MULTI and pipelines in order. Its instruments are reused.
 */
export class RedisCircuit {
  readonly options: Readonly<RedisCircuitOptions>;
  #state: RedisCircuitState = 'closed';
  #failures = 0;
  #opened = 0;
  #refused = 0;
  #probeClient: Redis | undefined;
  #probing = false;
  readonly #timer: NodeJS.Timeout;
  readonly #transitions = transitionCounter(REDIS_BREAKER_NAME);
  readonly #states: { stop: () => void };

  constructor(options: RedisCircuitOptions) {
    this.options = Object.freeze({ ...options });
    this.#timer = setInterval(() => void this.#probe(), options.probeIntervalMs).unref();
    this.#states = observeStates(() => [[REDIS_BREAKER_NAME, this.#state]]);
  }

  get state(): RedisCircuitState {
    return this.#state;
  }

  /** A fail-fast client (see createRedis) with this circuit's command timeout, behind this circuit. */
  connect(url: string, name: string, overrides: RedisOptions = {}): Redis {
    const client = createRedis(url, name, { commandTimeout: this.options.commandTimeoutMs, ...overrides });
    return this.gate(client);
  }

  /** Puts `client` behind the circuit; the first client gated also carries the probe's PING. */
  gate(client: Redis): Redis {
    this.#probeClient ??= client;
    gateCommands(client, this);
    CIRCUIT_OF.set(client, this);
    return client;
  }

  /** Whether a command may go to Redis now; PING always may, as it is how the circuit learns Redis is back. */
  admits(commandName: string): boolean {
    if (this.#state === 'closed' || commandName === 'ping') return true;
    this.#refused += 1;
    return false;
  }

  answered(): void {
    this.#failures = 0;
    if (this.#state === 'open') this.#enter('closed');
  }

  unanswered(): void {
    this.#failures += 1;
    if (this.#state === 'closed' && this.#failures >= this.options.failureThreshold) this.#enter('open');
  }

  snapshot() {
    return {
      state: this.#state,
      consecutiveFailures: this.#failures,
      timesOpened: this.#opened,
      refusedCommands: this.#refused,
      options: {
        commandTimeoutMs: this.options.commandTimeoutMs,
        failureThreshold: this.options.failureThreshold,
        probeIntervalMs: this.options.probeIntervalMs,
      },
    };
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#states.stop();
  }

  async #probe(): Promise<void> {
    const client = this.#probeClient;
    if (this.#state === 'closed' || this.#probing || client?.status !== 'ready') return;
    this.#probing = true;
    // The gate records the answer (or its absence); nothing else to do with it here.
    await client.ping().catch(() => {});
    this.#probing = false;
  }

  #enter(state: RedisCircuitState): void {
    this.#state = state;
    if (state === 'open') this.#opened += 1;
    this.#transitions.add(1, transitionAttributes(REDIS_BREAKER_NAME, state));
    const fields = { breaker: REDIS_BREAKER_NAME, state };
    if (state === 'open') {
      this.options.logger?.warn(
        { ...fields, failures: this.#failures },
        'Redis circuit opened: Redis calls go straight to their fallbacks until a probe answers',
      );
    } else {
      this.options.logger?.info(fields, 'Redis circuit closed: Redis answers again');
    }
  }
}
