import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './root.js';

/** Where `npm run pipeline:build` (scripts/pipeline-build.sh) puts the programs. */
export const PIPELINE_BIN = join(ROOT, '.pipeline/bin');

export const PROGRAMS = {
  collector: join(PIPELINE_BIN, 'otelcol-stack'),
  jaeger: join(PIPELINE_BIN, 'jaeger'),
  prometheus: join(PIPELINE_BIN, 'prometheus'),
} as const;

/** STACK_TARGET=pipeline: the services export to the built collector, which feeds Jaeger and Prometheus. */
export function isPipelineTarget(): boolean {
  return process.env.STACK_TARGET === 'pipeline';
}

/** Programs that are not built (or not executable), as paths relative to the repository. */
export function missingPrograms(): string[] {
  return Object.values(PROGRAMS).filter((path) => {
    try {
      accessSync(path, constants.X_OK);
      return false;
    } catch {
      return true;
    }
  });
}

/** Throws, naming the command that builds them, when any program is missing. */
export function requireBuiltPrograms(): void {
  const missing = missingPrograms();
  if (missing.length === 0) return;
  const names = missing.map((p) => p.slice(ROOT.length + 1)).join(', ');
  throw new Error(
    `the pipeline's programs are not built (${names} missing): run \`npm run pipeline:build\` first`,
  );
}
