import { describe, expect, it } from 'vitest';
import { RESTART_POLICY, RestartPolicy } from '../../scripts/launcher/restart-policy.js';

describe('the launcher restart policy', () => {
  it('when a process keeps crashing soon after start, then each delay doubles up to the maximum', () => {
    const policy = new RestartPolicy({ ...RESTART_POLICY, loopCrashes: 100 });
    const delays = Array.from({ length: 7 }, (_, i) => policy.crashed(i * 61_000, 100));
    expect(delays.map((d) => (d.restart ? d.delayMs : undefined))).toEqual([
      500, 1_000, 2_000, 4_000, 8_000, 10_000, 10_000,
    ]);
  });

  it('when a process stayed up past the stable time, then its next restart waits the first delay again', () => {
    const policy = new RestartPolicy();
    policy.crashed(0, 100);
    policy.crashed(61_000, 100);
    expect(policy.crashed(200_000, RESTART_POLICY.stableAfterMs)).toEqual({
      restart: true,
      attempt: 1,
      delayMs: 500,
    });
  });

  it('when a process crashes 5 times within 60 s, then the policy gives up; spread wider, it restarts', () => {
    const looping = new RestartPolicy();
    const decisions = [0, 1_000, 3_000, 7_000, 15_000].map((at) => looping.crashed(at, 200));
    expect(decisions.slice(0, 4).every((d) => d.restart)).toBe(true);
    expect(decisions[4]).toEqual({ restart: false, crashes: 5, windowMs: 60_000 });

    const spread = new RestartPolicy();
    const wide = [0, 20_000, 40_000, 61_000, 81_000].map((at) => spread.crashed(at, 200));
    expect(wide.every((d) => d.restart)).toBe(true);
  });
});
