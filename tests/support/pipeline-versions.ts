/**
 * What `npm run pipeline:build` builds, read from pipeline/: the collector builder manifest, and the
 * go.mod of the one-program Go modules that pin Jaeger and Prometheus. The static checks compare these
 * with docker-compose.yml's images, so the programs run here are the ones the images ship.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export const JAEGER_MODULE = 'github.com/jaegertracing/jaeger';
export const PROMETHEUS_MODULE = 'github.com/prometheus/prometheus';

export interface BuilderManifest {
  dist: { name: string; version: string };
  receivers?: Array<{ gomod: string }>;
  processors?: Array<{ gomod: string }>;
  exporters?: Array<{ gomod: string }>;
  connectors?: Array<{ gomod: string }>;
  extensions?: Array<{ gomod: string }>;
  providers?: Array<{ gomod: string }>;
}

/** Releases, as the images tag them: collector 0.161.0, Jaeger 2.13.0, Prometheus 3.16.0. */
export interface PipelineVersions {
  collector: string;
  jaeger: string;
  prometheus: string;
}

export function readManifest(root: string): BuilderManifest {
  return parse(readFileSync(join(root, 'pipeline/otelcol-builder.yaml'), 'utf8')) as BuilderManifest;
}

/** The version a go.mod requires of a module, e.g. v1.76.0. */
export function requiredVersion(goMod: string, module: string): string | undefined {
  const escaped = module.replace(/[.]/g, '\\.');
  return new RegExp(`^\\s*(?:require\\s+)?${escaped}\\s+(v\\S+)`, 'm').exec(goMod)?.[1];
}

/** Jaeger v2 releases carry a second, Go-module tag: 2.N.p is v1.(N+63).p (2.0.0 was v1.63.0). */
export function jaegerRelease(moduleVersion: string): string | undefined {
  const match = /^v1\.(\d+)\.(\d+)$/.exec(moduleVersion);
  return match ? `2.${Number(match[1]) - 63}.${match[2]}` : undefined;
}

/** Prometheus 3.x.y is tagged for Go as v0.3xx.y (3.16.0 is v0.316.0). */
export function prometheusRelease(moduleVersion: string): string | undefined {
  const match = /^v0\.3(\d\d)\.(\d+)$/.exec(moduleVersion);
  return match ? `3.${Number(match[1])}.${match[2]}` : undefined;
}

export function pipelineVersions(root: string): PipelineVersions {
  const goMod = (name: string) => readFileSync(join(root, 'pipeline', name, 'go.mod'), 'utf8');
  return {
    collector: readManifest(root).dist.version,
    jaeger: jaegerRelease(requiredVersion(goMod('jaeger'), JAEGER_MODULE) ?? '') ?? '(unknown)',
    prometheus:
      prometheusRelease(requiredVersion(goMod('prometheus'), PROMETHEUS_MODULE) ?? '') ?? '(unknown)',
  };
}
