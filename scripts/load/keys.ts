import type { LoadTarget } from './actions.js';

/**
 * The gateway as the load's clients see it: with the admin token, each client gets a key issued once
 * (through the gateway's admin route) and sends it; without, every request is anonymous.
 */
export function loadTarget(url: string, adminToken: string | undefined): LoadTarget {
  const keys = new Map<string, Promise<string>>();
  const issue = async (client: string): Promise<string> => {
    const res = await fetch(`${url}/api/v1/admin/api-keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ client }),
      signal: AbortSignal.timeout(10_000),
    });
    if (res.status !== 201) throw new Error(`issuing a key for ${client} answered ${res.status}`);
    return ((await res.json()) as { key: string }).key;
  };
  return {
    url,
    as: async (client): Promise<Record<string, string>> => {
      if (adminToken === undefined) return {};
      let key = keys.get(client);
      if (!key) {
        key = issue(client);
        keys.set(client, key);
        // A failed issue is tried again by the next request of that client.
        key.catch(() => keys.delete(client));
      }
      return { 'x-api-key': await key };
    },
  };
}
