import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { StackSecrets } from '../stack-definition.js';
import { log } from './output.js';
import { ADMIN_TOKEN_FILE, DEMO_KEY_FILE, writePrivate } from './secrets.js';

/** The client the README's walk-through speaks as. */
export const DEMO_CLIENT = 'demo';

/**
 * Issues the `demo` client a key through the gateway's own admin route (a new one each launch; the old
 * stops working), prints it and the admin token, and leaves both in .tmp for the walk-through.
 */
export async function issueDemoKey(webUrl: string, secrets: StackSecrets): Promise<void> {
  const res = await fetch(`${webUrl}/api/v1/admin/api-keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secrets.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ client: DEMO_CLIENT }),
    signal: AbortSignal.timeout(5_000),
  });
  if (res.status !== 201) throw new Error(`issuing the demo key answered ${res.status}: ${await res.text()}`);
  const { key } = (await res.json()) as { key: string };
  mkdirSync(dirname(DEMO_KEY_FILE), { recursive: true });
  writePrivate(DEMO_KEY_FILE, `${key}\n`);
  writePrivate(ADMIN_TOKEN_FILE, `${secrets.adminToken}\n`);
  log(`API key of client "${DEMO_CLIENT}": ${key}   (also in .tmp/demo-key)`);
  log(`admin token: ${secrets.adminToken}   (also in .tmp/admin-token; set ADMIN_TOKEN to choose it)`);
}
