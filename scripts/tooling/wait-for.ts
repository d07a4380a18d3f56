export interface WaitOptions {
  /** Give up after this long (default 10 s). */
  timeoutMs?: number;
  /** Pause between two probes (default 50 ms). */
  intervalMs?: number;
  /** What is awaited, for the timeout's message. */
  what?: string;
  /** Asked before each probe: a message ends the wait at once, e.g. when the awaited process died. */
  giveUp?: () => string | undefined;
}

/**
 * Polls `probe` until it returns a value other than undefined, and returns that value; a probe that
 * throws counts as "not yet". After `timeoutMs` it throws, naming what it waited for and the last
 * error the probe threw.
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  options: WaitOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    const hopeless = options.giveUp?.();
    if (hopeless !== undefined)
      throw new Error(`gave up waiting for ${options.what ?? 'condition'}: ${hopeless}`);
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const reason = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${options.what ?? 'condition'}${reason}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 50));
  }
}
