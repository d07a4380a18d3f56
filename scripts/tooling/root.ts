import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The repository root: the nearest folder above this file whose package.json is the stack's. Found
 * rather than counted because this module runs both from its TypeScript source (vitest) and from
 * dist/, one level deeper.
 */
function findRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (manifest.name === 'otel-stack') return dir;
    } catch {
      // no package.json here: look one level up
    }
    if (dirname(dir) === dir) throw new Error(`no otel-stack package.json above ${start}`);
  }
}

export const ROOT = findRoot(import.meta.dirname);
