/** Settings of one breaker. Every field has a default (see `DEFAULT_BREAKER_OPTIONS`). */
export interface BreakerOptions {
  /** Per-call time limit in ms; past it the call rejects and its `AbortSignal` is aborted. Default 3000. */
  timeoutMs: number;
  /** Failure rate (percent of calls in the rolling window) above which the breaker opens. Default 50. */
  errorThresholdPercentage: number;
  /** Calls the rolling window must hold before the breaker may open at all. Default 5. */
  volumeThreshold: number;
  /** Length of the rolling window the rates are computed over, in ms (10 buckets). Default 10000. */
  rollingCountTimeoutMs: number;
  /** Time an open breaker waits before letting one half-open probe through, in ms. Default 5000. */
  resetTimeoutMs: number;
}

/** `open` also covers a breaker that was shut down: both refuse every call. */
export type BreakerState = 'closed' | 'open' | 'half_open';

export interface BreakerSnapshot {
  state: BreakerState;
  /** Counts over the rolling window (the last `rollingCountTimeoutMs`), as the breaker decides on them. */
  stats: {
    /** Every call made, including the ones refused while open. */
    calls: number;
    /** Calls that resolved, plus client errors (4xx), which are not the upstream's fault. */
    successes: number;
    /** Failed calls, timeouts included. */
    failures: number;
    /** Calls refused without running because the breaker was open. */
    rejects: number;
    timeouts: number;
    latencyMeanMs: number;
  };
  options: Pick<
    BreakerOptions,
    'timeoutMs' | 'errorThresholdPercentage' | 'volumeThreshold' | 'resetTimeoutMs'
  >;
}

export interface BreakerCallOptions {
  /**
   * The caller's own signal (e.g. its client went away). It is combined with the per-call timeout
   * signal; a call the caller aborted is not counted as an upstream failure.
   */
  signal?: AbortSignal | null | undefined;
}
