import { describe, expect, it } from 'vitest';
import { burst, providerCalls, request, uniquePrompt } from '../support/api.js';
import type { OtlpReceiver } from '../support/otlp-receiver.js';
import type { ServiceProcess } from '../support/service-process.js';
import { canOverrideEnv } from '../support/stack.js';
import { asClient, signedAs } from '../support/clients.js';
import { useStack } from '../support/use-stack.js';
import { waitFor } from '../../scripts/tooling/wait-for.js';
import { HEALTH_CHECK_INTERVAL_MS } from '../../scripts/tooling/haproxy-config.js';

/**
 * Steady traffic through the gateway until `stop()`: a loop per client (its headers), each one request
 * at a time, as its own client so no rate limit is in play. Every answer that is not 200, and every request that
 * fails outright, is counted.
 */
function steadyLoad(url: string, clients: ReadonlyArray<Record<string, string>>) {
  let running = true;
  const outcome = { ok: 0, failed: [] as string[] };
  const loops = clients.map(async (headers) => {
    while (running) {
      try {
        const res = await fetch(`${url}/api/v1/budget`, { headers });
        const text = await res.text();
        if (res.status === 200) outcome.ok += 1;
        else outcome.failed.push(`status ${res.status}: ${text.slice(0, 300)}`);
      } catch (error) {
        outcome.failed.push((error as Error).message);
      }
    }
  });
  return {
    outcome,
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return outcome;
    },
  };
}

/** Each client's daily budget here: a few costly bursts' worth, so concurrent ones compete for it. */
const LIMIT_USD = 0.05;

// Replicas are a local-processes layout: the compose stack runs one container per service.
describe.skipIf(!canOverrideEnv())('replicas behind HAProxy', () => {
  const stack = useStack({
    services: ['provider-sim', 'budget', 'training', 'product-development', 'web'],
    replicas: { budget: 3, training: 3, 'product-development': 3, web: 2 },
    // `answered` counts every server span of a process, which only the harness's receiver can list
    // (Jaeger answers by trace id): the receiver even under STACK_TARGET=pipeline.
    telemetry: 'receiver',
    env: {
      training: { TRAINING_STEP_MS: '100' },
      // Twelve processes on two cores: a rate-limit decision may wait longer than the 250 ms default
      // before the in-memory fallback (which over-admits across replicas) would decide.
      budget: { BUDGET_LIMIT_USD: String(LIMIT_USD), RATE_LIMIT_STORE_TIMEOUT_MS: '3000' },
    },
  });

  /** A client per steady-load worker, each with its own key. */
  const steadyClients = (workers: number) =>
    Promise.all(Array.from({ length: workers }, (_, i) => asClient(stack, `steady-${i}`)));

  /** Requests on `route` this very process answered, from the server spans it exported (every span is sampled here). */
  const answered = (replica: ServiceProcess, route: string): number =>
    // Local processes export to the harness's own receiver, which keeps every span.
    (stack.traces as OtlpReceiver).spans.filter(
      (s) =>
        s.kind === 'server' &&
        s.resource['process.pid'] === replica.pid &&
        s.attributes['http.route'] === route,
    ).length;

  it('when one client floods bursts through three budget replicas, then it gets exactly one bucket: 100 plus refill, and every replica answered some', async () => {
    const body = { prompt: uniquePrompt('replicas-flood'), providers: ['gamma'] };
    const flooder = await asClient(stack, 'replica-flooder');
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 130 }, () => burst(stack.url('web'), body, flooder)),
    );
    const spreadSeconds = (Date.now() - started) / 1000;
    const accepted = answers.filter((a) => a.status === 200).length;
    expect(answers.every((a) => a.status === 200 || a.status === 429)).toBe(true);
    expect(accepted).toBeGreaterThanOrEqual(100);
    expect(accepted).toBeLessThanOrEqual(100 + Math.floor(spreadSeconds * 10));
    for (const replica of stack.replicas('budget')) {
      await waitFor(() => (answered(replica, '/api/v1/providers/burst') > 0 ? true : undefined), {
        what: `replica ${replica.port} to have answered bursts`,
      });
    }
  });

  it('when one client sends 40 different bursts at once across three replicas, then its spend never passes its limit', async () => {
    const client = await asClient(stack, 'replica-spender');
    const answers = await Promise.all(
      Array.from({ length: 40 }, () =>
        burst(stack.url('web'), { prompt: uniquePrompt('replica-rush'), providers: ['alpha'] }, client),
      ),
    );
    const unexpected = answers.filter((a) => a.status !== 200 && a.status !== 402);
    expect(unexpected.map((a) => [a.status, a.body])).toEqual([]);
    expect(answers.filter((a) => a.status === 402).length).toBeGreaterThan(0);
    const charged = answers
      .filter((a) => a.status === 200)
      .reduce((sum, a) => sum + (a.body.totalCostUsd as number), 0);
    const budget = await request(`${stack.url('web')}/api/v1/budget`, { headers: client });
    expect(budget.body.spentUsd).toBeLessThanOrEqual(LIMIT_USD);
    expect(budget.body.spentUsd).toBeCloseTo(charged, 5);
  });

  it('when 20 identical bursts arrive at once across three replicas, then each provider is called once and one client pays', async () => {
    const body = { prompt: uniquePrompt('replicas-dedup'), providers: ['alpha', 'beta'] };
    const before = await providerCalls(stack);
    const answers = await Promise.all(
      stack
        .replicas('budget')
        .flatMap((replica, r) =>
          Array.from({ length: r === 0 ? 8 : 6 }, (_, i) =>
            burst(replica.url, body, signedAs(stack, `dedup-${r}-${i}`)),
          ),
        ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    const after = await providerCalls(stack);
    expect((after.alpha ?? 0) - (before.alpha ?? 0)).toBe(1);
    expect((after.beta ?? 0) - (before.beta ?? 0)).toBe(1);
    expect(answers.filter((a) => (a.body.totalCostUsd as number) > 0)).toHaveLength(1);
    // The others shared the fan-out, or came late enough to find its answer cached.
    const free = answers.filter((a) => a.body.totalCostUsd === 0);
    expect(free).toHaveLength(19);
    expect(free.every((a) => a.body.deduplicated === true || a.body.cached === true)).toBe(true);
    expect(free.filter((a) => a.body.deduplicated === true).length).toBeGreaterThan(0);
  });

  it('when a burst is answered by one replica, then another replica serves it from the shared cache', async () => {
    const [first, second] = stack.replicas('budget');
    const body = { prompt: uniquePrompt('replicas-cache'), providers: ['alpha', 'beta'] };
    const fresh = await burst(first!.url, body, signedAs(stack, 'replica-cache'));
    expect(fresh.status).toBe(200);
    expect(fresh.body.cached).toBe(false);
    const again = await burst(second!.url, body, signedAs(stack, 'replica-cache'));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ cached: true, totalCostUsd: 0 });
  });

  it('when one client votes 30 times at once across three replicas, then the vote is counted once', async () => {
    const features = `${stack.url('web')}/api/v1/product/features`;
    const created = await request(features, {
      body: { title: `replicas ${uniquePrompt('f')}`.slice(0, 100) },
    });
    expect(created.status).toBe(201);
    const voter = await asClient(stack, 'replica-voter');
    const votes = await Promise.all(
      Array.from({ length: 30 }, () =>
        request(`${features}/${created.body.id}/vote`, {
          method: 'POST',
          headers: voter,
        }),
      ),
    );
    expect(votes.filter((v) => v.status === 200)).toHaveLength(1);
    expect(votes.filter((v) => v.status === 409)).toHaveLength(29);
    expect((await request(`${features}/${created.body.id}`)).body.votes).toBe(1);
  });

  it('when three training replicas share the queue, then every step of every job is applied exactly once', async () => {
    const jobs = `${stack.url('web')}/api/v1/training/jobs`;
    const created = await Promise.all(
      // 500 to 505: no multiple of 13, which the simulated trainer fails on purpose.
      Array.from({ length: 6 }, (_, i) =>
        request(jobs, { body: { provider: 'alpha', model: 'alpha-large-2', datasetRows: 500 + i } }),
      ),
    );
    for (const job of created) {
      expect(job.status).toBe(202);
      const done = await waitFor(
        async () => {
          const res = await request(`${jobs}/${job.body.id}`);
          return res.body?.status === 'succeeded' ? res.body : undefined;
        },
        { timeoutMs: 20_000, intervalMs: 100, what: `job ${job.body.id} to succeed` },
      );
      expect(done.steps.map((s: { from: string; to: string }) => `${s.from}>${s.to}`)).toEqual([
        'queued>running',
        'running>succeeded',
      ]);
    }
  });

  it('when every budget and web replica is restarted one at a time under steady load, then no request fails', async () => {
    const load = steadyLoad(stack.url('web'), await steadyClients(8));
    for (const service of ['budget', 'web']) {
      for (const replica of stack.replicas(service)) {
        const before = load.outcome.ok;
        expect(await replica.stop()).toBe(0);
        await replica.start();
        // Traffic keeps flowing between two restarts, not only around them.
        await waitFor(() => (load.outcome.ok > before + 20 ? true : undefined), { what: 'traffic to flow' });
      }
    }
    const outcome = await load.stop();
    expect(outcome.failed).toEqual([]);
    expect(outcome.ok).toBeGreaterThan(100);
  }, 120_000);

  it('when a replica is killed, then at most its requests in flight fail, the balancer stops sending to it, and once restarted and ready it serves again', async () => {
    const workers = 8;
    const load = steadyLoad(stack.url('web'), await steadyClients(workers));
    await waitFor(() => (load.outcome.ok > 50 ? true : undefined), { what: 'traffic to flow' });
    const victim = stack.replicas('budget')[0]!;
    await victim.kill();
    const killedAt = load.outcome.ok + load.outcome.failed.length;
    // Two health-check intervals, measured in answered requests rather than by sleeping.
    await waitFor(() => (load.outcome.ok > killedAt + 200 ? true : undefined), {
      what: 'traffic after the kill',
      timeoutMs: 20 * HEALTH_CHECK_INTERVAL_MS,
    });
    const afterKill = [...load.outcome.failed];
    expect(afterKill.length).toBeLessThanOrEqual(workers);

    await victim.start();
    await waitFor(() => (answered(victim, '/api/v1/budget') > 5 ? true : undefined), {
      what: 'the restarted replica to be back in rotation',
      timeoutMs: 10_000,
    });
    const outcome = await load.stop();
    // Nothing failed once the kill was noticed.
    expect(outcome.failed).toEqual(afterKill);
  });
});
