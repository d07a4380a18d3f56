import type { Logger } from '../logger.js';
import { ServiceBreaker } from './breaker.js';
import { observeStates } from './instruments.js';
import { resolveBreakerOptions } from './options.js';
import type { BreakerOptions, BreakerSnapshot } from './types.js';

/** Every breaker of one service, by name: what the observability endpoint lists. */
export class BreakerRegistry {
  readonly #breakers = new Map<string, ServiceBreaker>();
  readonly #logger: Logger | undefined;
  readonly #defaults: Partial<BreakerOptions>;
  readonly #states: { stop: () => void };

  constructor(options: { logger?: Logger; defaults?: Partial<BreakerOptions> } = {}) {
    this.#logger = options.logger;
    this.#defaults = { ...options.defaults };
    resolveBreakerOptions('defaults', this.#defaults);
    const breakers = this.#breakers;
    this.#states = observeStates(function* () {
      for (const [name, breaker] of breakers) yield [name, breaker.state];
    });
  }

  /** One breaker per name: a name already taken returns the existing breaker, its options unchanged. */
  getOrCreate(name: string, options?: Partial<BreakerOptions>): ServiceBreaker {
    const existing = this.#breakers.get(name);
    if (existing) return existing;
    const breaker = new ServiceBreaker(
      name,
      resolveBreakerOptions(name, this.#defaults, options),
      this.#logger,
    );
    this.#breakers.set(name, breaker);
    return breaker;
  }

  get(name: string): ServiceBreaker | undefined {
    return this.#breakers.get(name);
  }

  snapshot(): Record<string, BreakerSnapshot> {
    return Object.fromEntries([...this.#breakers].map(([name, breaker]) => [name, breaker.snapshot()]));
  }

  /** Stops every breaker's timers; their later calls are refused. */
  shutdown(): void {
    for (const breaker of this.#breakers.values()) breaker.shutdown();
    this.#states.stop();
  }
}
