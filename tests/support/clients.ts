import { IdentityProof } from '../../instrumentation/identity/identity-proof.js';
import { request } from './api.js';
import type { Stack } from './stack.js';

/** Keys already issued, per gateway and client: a test file asks for a client's key as often as it likes. */
const issued = new Map<string, Promise<string>>();

/** `Authorization: Bearer <admin token>` of the stack. */
export function adminHeaders(stack: Stack): Record<string, string> {
  return { authorization: `Bearer ${stack.secrets.adminToken}` };
}

/** Issues `client` a key through the gateway's admin route, once per stack (later calls reuse it). */
export function apiKey(stack: Stack, client: string): Promise<string> {
  const web = stack.url('web');
  const memo = `${web} ${client}`;
  let key = issued.get(memo);
  if (!key) {
    key = request<{ key: string }>(`${web}/api/v1/admin/api-keys`, {
      body: { client },
      headers: adminHeaders(stack),
    }).then((res) => {
      if (res.status !== 201) throw new Error(`issuing ${client} a key answered ${res.status}`);
      return res.body.key;
    });
    issued.set(memo, key);
  }
  return key;
}

/** The headers of a request through the gateway as `client` (its key issued on first use). */
export async function asClient(stack: Stack, client: string): Promise<Record<string, string>> {
  return { 'x-api-key': await apiKey(stack, client) };
}

/**
 * The headers the gateway adds for `client`, signed now under the stack's gateway secret: for calling
 * a service directly as that client. Sign per request: a proof is refused after 30 s.
 */
export function signedAs(stack: Stack, client: string): Record<string, string> {
  return new IdentityProof(stack.secrets.gatewaySecret).headers(`client:${client}`);
}
