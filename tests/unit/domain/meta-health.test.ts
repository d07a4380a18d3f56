import { describe, expect, it } from 'vitest';
import {
  BreakerOpenError,
  BreakerTimeoutError,
  UpstreamUnavailableError,
} from '../../../instrumentation/index.js';
import {
  answeredHealth,
  summarize,
  unansweredHealth,
  versionFrom,
} from '../../../services/meta/domain/health.js';

describe('meta health: a service that answered /readyz', () => {
  it('when it answered 200, then it is up with that status and no error', () => {
    expect(answeredHealth(200, 12)).toEqual({ status: 'up', statusCode: 200, latencyMs: 12 });
  });

  it('when it answered another 2xx, then it is up', () => {
    expect(answeredHealth(204, 3).status).toBe('up');
    expect(answeredHealth(299, 3).status).toBe('up');
  });

  it('when it answered 503 (its Redis is away), then it is down, not ready, and the status is kept', () => {
    expect(answeredHealth(503, 7)).toEqual({
      status: 'down',
      statusCode: 503,
      latencyMs: 7,
      error: 'not ready',
    });
  });

  it('when it answered just outside 2xx, then it is down', () => {
    for (const status of [199, 300, 404, 500]) expect(answeredHealth(status, 1).status).toBe('down');
  });
});

describe('meta health: a service that did not answer', () => {
  it('when the breaker timed out, was open or could not connect, then it is down with the breaker’s code', () => {
    expect(unansweredHealth(new BreakerTimeoutError('service:cup', 1_000), 1_000)).toEqual({
      status: 'down',
      statusCode: null,
      latencyMs: 1_000,
      error: 'upstream_timeout',
    });
    expect(unansweredHealth(new BreakerOpenError('service:cup'), 0).error).toBe('upstream_circuit_open');
    expect(unansweredHealth(new UpstreamUnavailableError('service:cup'), 2).error).toBe(
      'upstream_unavailable',
    );
  });

  it('when the error has no code, then its message is the reason', () => {
    expect(unansweredHealth(new Error('socket hang up'), 5).error).toBe('socket hang up');
  });

  it('when what was thrown is not an error, then the reason is unknown error', () => {
    expect(unansweredHealth('boom', 5).error).toBe('unknown error');
    expect(unansweredHealth(null, 5).error).toBe('unknown error');
  });
});

describe('meta version', () => {
  it('when the observability answer states a version, then it is taken', () => {
    expect(versionFrom({ service: 'cup', version: '0.1.0' })).toBe('0.1.0');
  });

  it('when it states none or a non-string one, then the version is null', () => {
    for (const body of [{}, { version: 1 }, { version: null }, null, 'text'])
      expect(versionFrom(body)).toBeNull();
  });
});

describe('meta summary', () => {
  it('when some services are up and some down, then the summary counts each', () => {
    const healths = [answeredHealth(200, 1), answeredHealth(503, 1), unansweredHealth(new Error('x'), 1)];

    expect(summarize(healths)).toEqual({ total: 3, up: 1, down: 2 });
  });

  it('when there are no services, then every count is 0', () => {
    expect(summarize([])).toEqual({ total: 0, up: 0, down: 0 });
  });
});
