import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ADMIN_TOKEN_VARIABLE,
  GATEWAY_SECRET_VARIABLE,
  newStackSecrets,
  type StackSecrets,
} from '../stack-definition.js';
import { ROOT } from '../tooling/root.js';
import type { LauncherRedis } from './private-redis.js';

/** Beside the private Redis's port file: a launcher that joins that Redis joins these secrets too. */
const SECRETS_FILE = join(ROOT, '.tmp/redis/launcher-secrets.json');
/** What `npm start` leaves for the walk-through: the demo client's key and the admin token. */
export const DEMO_KEY_FILE = join(ROOT, '.tmp/demo-key');
export const ADMIN_TOKEN_FILE = join(ROOT, '.tmp/admin-token');

/** Written readable by the user only: they are credentials, if only for a local stack. */
export function writePrivate(path: string, text: string): void {
  writeFileSync(path, text, { mode: 0o600 });
  chmodSync(path, 0o600);
}

/**
 * The stack's secrets for this launch: ADMIN_TOKEN and GATEWAY_SECRET from the environment when set;
 * else those of the launcher whose private Redis this one joined (`start:budget` and `start:web` in two
 * terminals must share the gateway secret); else new random ones. `release` forgets what this launcher
 * shared.
 */
export function launcherSecrets(redis: LauncherRedis | undefined): {
  secrets: StackSecrets;
  release: () => void;
} {
  const joined = redis?.joined === true && existsSync(SECRETS_FILE);
  const base = joined ? (JSON.parse(readFileSync(SECRETS_FILE, 'utf8')) as StackSecrets) : newStackSecrets();
  const secrets: StackSecrets = {
    adminToken: process.env[ADMIN_TOKEN_VARIABLE] || base.adminToken,
    gatewaySecret: process.env[GATEWAY_SECRET_VARIABLE] || base.gatewaySecret,
  };
  const owner = redis !== undefined && !redis.joined && !process.env.REDIS_URL;
  if (owner) writePrivate(SECRETS_FILE, JSON.stringify(secrets));
  return { secrets, release: () => (owner ? rmSync(SECRETS_FILE, { force: true }) : undefined) };
}
