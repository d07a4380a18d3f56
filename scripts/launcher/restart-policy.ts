export interface RestartSettings {
  firstDelayMs: number;
  maxDelayMs: number;
  stableAfterMs: number;
  loopCrashes: number;
  loopWindowMs: number;
}

/** How the launcher restarts a crashed service (see RestartPolicy). */
export const RESTART_POLICY: Readonly<RestartSettings> = Object.freeze({
  /** The first restart waits this long; each further one twice as long as the last... */
  firstDelayMs: 500,
  /** ...up to this. */
  maxDelayMs: 10_000,
  /** A process that stayed up this long before crashing starts again from the first delay. */
  stableAfterMs: 30_000,
  /** This many crashes of one process within `loopWindowMs` is a crash loop: the launcher gives up. */
  loopCrashes: 5,
  loopWindowMs: 60_000,
});

export type RestartDecision =
  { restart: true; attempt: number; delayMs: number } | { restart: false; crashes: number; windowMs: number };

/**
 * One process's restarts: exponential backoff, so a service that cannot start does not spin the
 * machine, reset once it has run for a while, so one crash a day always restarts quickly; and a limit,
 * so a service that can never start (a bad setting) ends the stack with a report instead of retrying
 * for ever while the user wonders why it does not answer.
 */
export class RestartPolicy {
  #attempt = 0;
  #crashes: number[] = [];

  constructor(private readonly policy: Readonly<RestartSettings> = RESTART_POLICY) {}

  /** The process crashed at `now` after running `upForMs`: restart it (after a delay), or give up. */
  crashed(now: number, upForMs: number): RestartDecision {
    const { firstDelayMs, maxDelayMs, stableAfterMs, loopCrashes, loopWindowMs } = this.policy;
    if (upForMs >= stableAfterMs) this.#attempt = 0;
    this.#crashes = [...this.#crashes.filter((at) => now - at < loopWindowMs), now];
    if (this.#crashes.length >= loopCrashes) {
      return { restart: false, crashes: this.#crashes.length, windowMs: loopWindowMs };
    }
    this.#attempt += 1;
    const delayMs = Math.min(firstDelayMs * 2 ** (this.#attempt - 1), maxDelayMs);
    return { restart: true, attempt: this.#attempt, delayMs };
  }
}
