import { describe, expect, it } from 'vitest';
import { request, type JsonResponse } from '../support/api.js';
import { canOverrideEnv } from '../support/stack.js';
import { useStack } from '../support/use-stack.js';
import { isDescendant, traceIdOf, waitForTrace } from '../support/trace-source.js';
import { waitFor } from '../../scripts/tooling/wait-for.js';

interface Step {
  from: string;
  to: string;
  at: string;
  traceId: string;
}

describe('training jobs through the gateway', () => {
  const stack = useStack({
    services: ['training', 'web'],
    // A 100 ms step keeps the local run short; the compose stack runs the 1 s default.
    ...(canOverrideEnv() ? { env: { training: { TRAINING_STEP_MS: '100' } } } : {}),
  });

  const jobs = () => `${stack.url('web')}/api/v1/training/jobs`;
  const post = (body: unknown) => request(jobs(), { method: 'POST', body });
  const finished = (id: string) =>
    waitFor(
      async () => {
        const res = await request(`${jobs()}/${id}`);
        return ['succeeded', 'failed'].includes(res.body?.status) ? res.body : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 100, what: `job ${id} to finish` },
    );

  it('when a job is posted, then it is queued, reaches succeeded, and each step span is linked to the creating request', async () => {
    const created = await post({ provider: 'alpha', model: 'alpha-large-2', datasetRows: 500 });
    expect(created.status).toBe(202);
    expect(created.body).toMatchObject({
      status: 'queued',
      provider: 'alpha',
      model: 'alpha-large-2',
      datasetRows: 500,
      steps: [],
    });
    const id: string = created.body.id;
    expect(created.headers.get('location')).toBe(`/api/v1/training/jobs/${id}`);
    const traceId = traceIdOf(created.headers.get('traceresponse'));

    const done = await finished(id);
    expect(done.status).toBe('succeeded');
    expect(done.steps.map((s: Step) => [s.from, s.to])).toEqual([
      ['queued', 'running'],
      ['running', 'succeeded'],
    ]);

    const spans = await waitForTrace(stack.traces, traceId, (s) =>
      s.some((x) => x.name === 'training.enqueue'),
    );
    const webServer = spans.find((s) => s.serviceName === 'web' && s.kind === 'server')!;
    const webClient = spans.find(
      (s) => s.serviceName === 'web' && s.kind === 'client' && 'http.request.method' in s.attributes,
    )!;
    const trainingServer = spans.find((s) => s.serviceName === 'training' && s.kind === 'server')!;
    const enqueue = spans.find((s) => s.name === 'training.enqueue')!;
    expect(webServer.parentSpanId).toBeUndefined();
    expect(trainingServer.parentSpanId).toBe(webClient.spanId);
    expect(enqueue.serviceName).toBe('training');
    expect(isDescendant(spans, enqueue, trainingServer)).toBe(true);
    expect(enqueue.attributes).toMatchObject({ 'training.job_id': id, 'training.dataset_rows': 500 });
    // The gateway's rate limiter talks to Redis too; training's own Redis work sits under the enqueue.
    const redis = spans.filter(
      (s) => s.serviceName === 'training' && s.attributes['db.system.name'] === 'redis',
    );
    expect(redis.length).toBeGreaterThan(0);
    for (const span of redis) expect(isDescendant(spans, span, enqueue)).toBe(true);

    // Each step runs in its own trace, long after the request: linked to it, not a child of it.
    for (const step of done.steps as Step[]) {
      expect(step.traceId).not.toBe(traceId);
      const stepSpans = await waitForTrace(
        stack.traces,
        step.traceId,
        (s) => s.some((x) => x.name === 'training.step') && s.some((x) => x.attributes['db.system.name']),
      );
      const stepSpan = stepSpans.find((s) => s.name === 'training.step')!;
      expect(stepSpan.serviceName).toBe('training');
      expect(stepSpan.parentSpanId).toBeUndefined();
      expect(stepSpan.links).toEqual([{ traceId, spanId: enqueue.spanId }]);
      expect(stepSpan.attributes).toMatchObject({
        'training.job_id': id,
        'training.step.from': step.from,
        'training.step.to': step.to,
        'training.step.applied': true,
      });
      const stepRedis = stepSpans.filter((s) => s.attributes['db.system.name'] === 'redis');
      expect(stepRedis.map((s) => [s.serviceName, s.parentSpanId])).toEqual([['training', stepSpan.spanId]]);
    }
  });

  it('when the dataset row count is a multiple of 13, then the job fails with an error and an error step span', async () => {
    const created = await post({ provider: 'beta', model: 'beta-chat-1', datasetRows: 26 });
    expect(created.status).toBe(202);
    const done = await finished(created.body.id);
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(/multiple of 13/);
    const last = (done.steps as Step[]).at(-1)!;
    expect(last).toMatchObject({ from: 'running', to: 'failed' });
    const spans = await waitForTrace(stack.traces, last.traceId, (s) =>
      s.some((x) => x.name === 'training.step'),
    );
    const stepSpan = spans.find((s) => s.name === 'training.step')!;
    expect(stepSpan.statusCode).toBe(2);
    expect(stepSpan.attributes['error.type']).toBe('training_failed');
  });

  it('when jobs are listed, then the newest comes first and the limit is honoured', async () => {
    const first = await post({ provider: 'gamma', model: 'gamma-mini', datasetRows: 1 });
    const second = await post({ provider: 'gamma', model: 'gamma-mini', datasetRows: 2 });
    const listed = await request(`${jobs()}?limit=2`);
    expect(listed.status).toBe(200);
    expect(listed.body.jobs.map((j: { id: string }) => j.id)).toEqual([second.body.id, first.body.id]);
    expect(JSON.stringify(listed.body)).not.toContain('traceparent');
  });

  it('when the input is invalid or the job unknown, then the answer is a JSON 4xx naming the problem', async () => {
    const cases: Array<[unknown, string]> = [
      [{ model: 'm', datasetRows: 10 }, 'provider'],
      [{ provider: '', model: 'm', datasetRows: 10 }, 'provider'],
      [{ provider: 'p'.repeat(65), model: 'm', datasetRows: 10 }, 'provider'],
      [{ provider: 'p', model: 42, datasetRows: 10 }, 'model'],
      [{ provider: 'p', model: 'm' }, 'datasetRows'],
      [{ provider: 'p', model: 'm', datasetRows: 0 }, 'datasetRows'],
      [{ provider: 'p', model: 'm', datasetRows: 1_000_001 }, 'datasetRows'],
      [{ provider: 'p', model: 'm', datasetRows: 1.5 }, 'datasetRows'],
    ];
    for (const [body, field] of cases) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'bad_request', details: { field } });
    }
    const notJson: JsonResponse = await request(jobs(), {
      method: 'POST',
      raw: '{"provider":',
      headers: { 'content-type': 'application/json' },
    });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.code).toBe('invalid_json');
    const array = await post([1, 2]);
    expect(array.status).toBe(400);
    expect((await request(`${jobs()}?limit=0`)).body.error.details).toEqual({ field: 'limit' });
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-job']) {
      const missing = await request(`${jobs()}/${id}`);
      expect(missing.status).toBe(404);
      expect(missing.body.error.code).toBe('not_found');
    }
  });
});
