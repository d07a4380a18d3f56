import { describe, expect, it } from 'vitest';
import { spawnNode } from '../../scripts/tooling/node-process.js';
import type { LoadSummary } from '../../scripts/load/summary.js';
import { canOverrideEnv } from '../support/stack.js';
import { useStack } from '../support/use-stack.js';

const DURATION_SECONDS = 4;
// A small burst bucket, so a flood three times its size is refused in part even when a busy machine
// spreads the flood's arrival over a few seconds of refill.
const BURST_CAPACITY = 20;
const FLOOD_SIZE = 60;

describe.skipIf(!canOverrideEnv())('the load generator', () => {
  const stack = useStack({ env: { budget: { BURST_RATE_CAPACITY: String(BURST_CAPACITY) } } });

  it('when run briefly against the stack, then it stops by itself and most everyday answers are neither 429 nor 5xx, while its flood is refused', async () => {
    const child = spawnNode(['dist/scripts/load/main.js'], {
      env: {
        PATH: process.env.PATH ?? '',
        LOAD_TARGET_URL: stack.url('web'),
        // Each load client gets a key of its own, so the flood empties its own bucket only.
        LOAD_ADMIN_TOKEN: stack.secrets.adminToken,
        LOAD_RATE: '10',
        LOAD_DURATION_SECONDS: String(DURATION_SECONDS),
        LOAD_FLOOD_EVERY: '20',
        LOAD_FLOOD_SIZE: String(FLOOD_SIZE),
      },
      output: 'pipe',
    });
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    const deadline = setTimeout(() => child.kill('SIGKILL'), (DURATION_SECONDS + 40) * 1000);
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    clearTimeout(deadline);

    // Killed by the deadline, it would exit with a signal and no code.
    expect(code, stdout).toBe(0);
    const summary = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as LoadSummary;
    expect(summary.elapsedMs).toBeGreaterThanOrEqual(DURATION_SECONDS * 1000);
    expect(summary.okShare, stdout).toBeGreaterThanOrEqual(0.8);
    for (const action of ['burst', 'cached-burst', 'budget', 'score']) {
      expect(Object.keys(summary.byAction[action] ?? {}), `${action} in ${stdout}`).not.toEqual([]);
    }
    expect(summary.byAction.flood?.['429'] ?? 0, stdout).toBeGreaterThan(0);
  }, 120_000);
});
