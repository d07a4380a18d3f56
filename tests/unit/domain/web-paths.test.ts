import { describe, expect, it } from 'vitest';
import { pathProblem } from '../../../services/web/domain/paths.js';

/** What the upstream would see: fetch parses the URL the gateway builds (origin + path as received). */
const asParsed = (target: string) => new URL(`http://upstream.internal${target}`).pathname;

describe('gateway paths: what may be forwarded', () => {
  it('when a path would parse to itself, then it may be forwarded', () => {
    for (const target of [
      '/api/v1/cup/leaderboard',
      '/api/v1/cup/leaderboard?next=../../x',
      '/api/v1/cup/scores/a..b',
      '/api/v1/cup/scores/...',
      '/api/v1/cup/%252e%252e',
      '/api/v1/product/features/',
    ]) {
      expect(pathProblem(target), target).toBeUndefined();
      expect(asParsed(target), target).toBe(target.split('?')[0]);
    }
  });

  it('when a path has a dot segment, raw or encoded in any case, then it is refused, and it is one fetch would resolve', () => {
    for (const target of [
      '/api/v1/cup/../budget/clients',
      '/api/v1/cup/%2e%2e/budget',
      '/api/v1/cup/%2E%2e/budget',
      '/api/v1/cup/.%2E/budget',
      '/api/v1/cup/./leaderboard',
      '/api/v1/cup/%2e/leaderboard',
      '/api/v1/cup/..',
    ]) {
      expect(pathProblem(target), target).toMatch(/\. or \.\. segments/);
      expect(asParsed(target), target).not.toBe(target);
    }
  });

  it('when a segment hides a separator (%2f, %5c) or the path has \\ or #, then it is refused', () => {
    expect(pathProblem('/api/v1/cup/..%2fbudget')).toMatch(/encoded \//);
    expect(pathProblem('/api/v1/cup/x%2Fy')).toMatch(/encoded \//);
    expect(pathProblem('/api/v1/cup/x%5cy')).toMatch(/encoded \//);
    expect(pathProblem('/api/v1/cup/..\\budget')).toMatch(/\\ or #/);
    expect(pathProblem('/api/v1/cup#/../budget')).toMatch(/\\ or #/);
  });

  it('when the target is not a path or its percent-encoding is malformed, then it is refused', () => {
    expect(pathProblem('http://evil.example/api/v1/cup')).toMatch(/starting with \//);
    expect(pathProblem('*')).toMatch(/starting with \//);
    expect(pathProblem('/api/v1/cup/%zz')).toMatch(/malformed/);
  });
});
