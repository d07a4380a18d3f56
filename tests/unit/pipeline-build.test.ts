/**
 * scripts/pipeline-build.sh's bookkeeping, without compiling anything: the script runs on a copy of
 * itself and of pipeline/, with a stand-in `go` first on PATH that logs each call and writes the
 * output file. A second run must do no work, a changed pin must rebuild that program alone, and a
 * failed build must fail the script and leave no stamp.
 */
import { spawnSync } from 'node:child_process';
import {
  appendFileSync,
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

// The stand-in: `go env GOVERSION` prints a version; `go build ... -o OUT PKG` logs PKG and writes an
// executable OUT, which, when it is the collector builder, writes the collector where the manifest says.
const FAKE_GO = `#!/usr/bin/env bash
set -euo pipefail
if [ "$1" = env ]; then echo go1.26.8; exit 0; fi
out=""; pkg=""
while [ $# -gt 0 ]; do
  case "$1" in
    -o) out="$2"; shift 2 ;;
    -C|-tags) shift 2 ;;
    *) pkg="$1"; shift ;;
  esac
done
echo "$pkg" >> "$FAKE_GO_LOG"
if [ -n "\${FAKE_GO_FAIL:-}" ] && [[ "$pkg" == *"$FAKE_GO_FAIL"* ]]; then echo "compile error in $pkg" >&2; exit 2; fi
cat > "$out" <<'PROGRAM'
#!/usr/bin/env bash
if [ "\${1:-}" = --config ]; then
  dir="$(sed -n 's/^  output_path: //p' "$2")"
  mkdir -p "$dir" && printf '#!/bin/sh\\n' > "$dir/otelcol-stack" && chmod +x "$dir/otelcol-stack"
fi
PROGRAM
chmod +x "$out"
`;

describe('npm run pipeline:build, with a stand-in go', () => {
  let repo: string;
  let log: string;

  beforeEach(() => {
    repo = mkdtempSync(join(tmpdir(), 'otel-stack-pipeline-build-'));
    mkdirSync(join(repo, 'scripts'));
    cpSync(join(ROOT, 'scripts/pipeline-build.sh'), join(repo, 'scripts/pipeline-build.sh'));
    cpSync(join(ROOT, 'pipeline'), join(repo, 'pipeline'), { recursive: true });
    mkdirSync(join(repo, 'fake-bin'));
    writeFileSync(join(repo, 'fake-bin/go'), FAKE_GO);
    chmodSync(join(repo, 'fake-bin/go'), 0o755);
    log = join(repo, 'go-calls.log');
    writeFileSync(log, '');
  });
  afterEach(() => rmSync(repo, { recursive: true, force: true }));

  const build = (env: Record<string, string> = {}) =>
    spawnSync('bash', [join(repo, 'scripts/pipeline-build.sh')], {
      encoding: 'utf8',
      env: {
        ...process.env,
        PATH: `${join(repo, 'fake-bin')}:${process.env.PATH}`,
        FAKE_GO_LOG: log,
        ...env,
      },
    });
  const builtPackages = () => readFileSync(log, 'utf8').split('\n').filter(Boolean).sort();
  const clearLog = () => writeFileSync(log, '');

  it('when nothing changed since the last build, then the second run builds nothing', () => {
    expect(build().status).toBe(0);
    expect(builtPackages()).toEqual([
      'github.com/jaegertracing/jaeger/cmd/jaeger',
      'github.com/prometheus/prometheus/cmd/prometheus',
      'go.opentelemetry.io/collector/cmd/builder',
    ]);
    clearLog();
    const second = build();
    expect(second.status).toBe(0);
    expect(builtPackages()).toEqual([]);
    expect(second.stdout).toContain('jaeger is up to date');
  });

  it("when one program's pin changes, then only that program is rebuilt", () => {
    expect(build().status).toBe(0);
    clearLog();
    appendFileSync(join(repo, 'pipeline/jaeger/go.sum'), '\n');
    expect(build().status).toBe(0);
    expect(builtPackages()).toEqual(['github.com/jaegertracing/jaeger/cmd/jaeger']);
  });

  it('when a build fails, then the script fails with its log and the next run tries it again', () => {
    const failed = build({ FAKE_GO_FAIL: 'prometheus' });
    expect(failed.status).not.toBe(0);
    expect(failed.stderr).toContain('building prometheus failed');
    expect(failed.stderr).toContain('compile error in github.com/prometheus/prometheus/cmd/prometheus');
    clearLog();
    expect(build().status).toBe(0);
    expect(builtPackages()).toEqual(['github.com/prometheus/prometheus/cmd/prometheus']);
  });
});
