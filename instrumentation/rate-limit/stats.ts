import type { AcquireResult, RateLimiterStats } from './types.js';

/** Counts a limiter's decisions and the waits refused clients were told. */
export class LimiterStatsRecorder {
  private allowed = 0;
  private rejected = 0;
  private fallbackDecisions = 0;
  private storeErrors = 0;
  private waitTotalMs = 0;
  private waitMaxMs = 0;

  record(result: AcquireResult): void {
    if (result.fallback) this.fallbackDecisions += 1;
    if (result.acquired) {
      this.allowed += 1;
      return;
    }
    this.rejected += 1;
    this.waitTotalMs += result.retryAfterMs;
    this.waitMaxMs = Math.max(this.waitMaxMs, result.retryAfterMs);
  }

  storeError(): void {
    this.storeErrors += 1;
  }

  snapshot(
    policy: Pick<RateLimiterStats, 'name' | 'capacity' | 'refillPerSecond' | 'redisAvailable'>,
  ): RateLimiterStats {
    const decisions = this.allowed + this.rejected;
    return {
      name: policy.name,
      capacity: policy.capacity,
      refillPerSecond: policy.refillPerSecond,
      allowed: this.allowed,
      rejected: this.rejected,
      rejectionRate: decisions === 0 ? 0 : round(this.rejected / decisions, 4),
      fallbackDecisions: this.fallbackDecisions,
      storeErrors: this.storeErrors,
      waitMs: {
        mean: this.rejected === 0 ? 0 : round(this.waitTotalMs / this.rejected, 1),
        max: this.waitMaxMs,
      },
      redisAvailable: policy.redisAvailable,
    };
  }
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
