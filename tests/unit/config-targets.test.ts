import { describe, expect, it } from 'vitest';
import { readTargets } from '../../instrumentation/config/targets.js';

describe('service target lists', () => {
  it('when unset, then every local service is a target', () => {
    const targets = readTargets({}, 'REPORT_TARGETS');
    expect(targets).toHaveLength(11);
    expect(targets).toContainEqual({ name: 'web', url: 'http://127.0.0.1:3000' });
  });

  it('when a pair is malformed, empty or repeated, then the error names the variable', () => {
    expect(() => readTargets({ CATALOG_TARGETS: 'web' }, 'CATALOG_TARGETS')).toThrow(
      /CATALOG_TARGETS: expected/,
    );
    expect(() => readTargets({ REPORT_TARGETS: ',' }, 'REPORT_TARGETS')).toThrow(
      /REPORT_TARGETS: names no service/,
    );
    expect(() => readTargets({ REPORT_TARGETS: 'a=http://x:1,a=http://y:2' }, 'REPORT_TARGETS')).toThrow(
      /names a twice/,
    );
  });
});
