import { describe, expect, it } from 'vitest';
import { readPairs, readTargets } from '../../instrumentation/config/targets.js';

describe('service target lists', () => {
  it('when set, then each name=url pair is a target, without a trailing slash', () => {
    expect(
      readTargets({ REPORT_TARGETS: 'web=http://127.0.0.1:3000/, cup=http://cup:3007' }, 'REPORT_TARGETS'),
    ).toEqual([
      { name: 'web', url: 'http://127.0.0.1:3000' },
      { name: 'cup', url: 'http://cup:3007' },
    ]);
  });

  it('when unset, then start-up stops naming the variable: the library knows no service to default to', () => {
    expect(() => readTargets({}, 'REPORT_TARGETS')).toThrow(/REPORT_TARGETS: is required/);
  });

  it('when a pair is malformed, empty or repeated, then the error names the variable', () => {
    expect(() => readTargets({ CATALOG_TARGETS: 'web' }, 'CATALOG_TARGETS')).toThrow(
      /CATALOG_TARGETS: expected/,
    );
    expect(() => readTargets({ CATALOG_TARGETS: 'web=ftp://x' }, 'CATALOG_TARGETS')).toThrow(
      /CATALOG_TARGETS: expected name=http/,
    );
    expect(() => readTargets({ REPORT_TARGETS: ',' }, 'REPORT_TARGETS')).toThrow(
      /REPORT_TARGETS: names nothing/,
    );
    expect(() => readTargets({ REPORT_TARGETS: 'a=http://x:1,a=http://y:2' }, 'REPORT_TARGETS')).toThrow(
      /names a twice/,
    );
  });

  it("when a pair's value fails the caller's check, then the error carries the check's reason", () => {
    const check = ({ value }: { value: string }) => (value === 'ok' ? undefined : 'expected ok');
    expect(readPairs({ LIST: 'a=ok, b=ok' }, 'LIST', check)).toEqual([
      { key: 'a', value: 'ok' },
      { key: 'b', value: 'ok' },
    ]);
    expect(() => readPairs({ LIST: 'a=no' }, 'LIST', check)).toThrow('LIST: expected ok, got "a=no"');
  });
});
