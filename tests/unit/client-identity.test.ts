import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { clientIdentity, normaliseClientIp } from '../../instrumentation/identity/client-identity.js';
import { acceptGatewayIdentity } from '../../instrumentation/identity/gateway-identity.js';
import { IdentityProof, PROOF_MAX_AGE_MS } from '../../instrumentation/identity/identity-proof.js';

const SECRET = 'client-identity-test-secret-'.padEnd(48, '0');

const servers: Server[] = [];

/** A real express app answering the identity it sees, with 'trust proxy' as the kit sets it. */
async function identityApp(trustProxyHops: number, host = '127.0.0.1', secret?: string): Promise<string> {
  const app = express();
  app.set('trust proxy', trustProxyHops);
  if (secret) app.use(acceptGatewayIdentity(secret));
  app.get('/who', (req, res) => {
    res.json({ id: clientIdentity(req) });
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, host, () => resolve(s));
  });
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/who`;
}

async function identityOf(url: string, headers: Record<string, string> = {}): Promise<string> {
  const res = await fetch(url, { headers });
  return ((await res.json()) as { id: string }).id;
}

describe('client identity', () => {
  afterEach(async () => {
    while (servers.length > 0) {
      const server = servers.pop();
      await new Promise((resolve) => server?.close(resolve));
    }
  });

  it('when a service is sent an x-api-key, then it ignores it: only the gateway reads keys', async () => {
    const url = await identityApp(0, '127.0.0.1', SECRET);
    expect(await identityOf(url, { 'x-api-key': 'sk-live-very-secret' })).toBe('ip:127.0.0.1');
  });

  it('when the gateway signed the identity under the shared secret, then the service takes it', async () => {
    const url = await identityApp(0, '127.0.0.1', SECRET);
    expect(await identityOf(url, new IdentityProof(SECRET).headers('client:demo'))).toBe('client:demo');
  });

  it('when the identity is forged, stale, tampered with or unsigned, then the socket address counts', async () => {
    const url = await identityApp(0, '127.0.0.1', SECRET);
    const signed = new IdentityProof(SECRET).headers('client:demo');
    const cases: Record<string, Record<string, string>> = {
      forged: new IdentityProof('another-secret-'.padEnd(40, '0')).headers('client:demo'),
      stale: new IdentityProof(SECRET).headers('client:demo', Date.now() - PROOF_MAX_AGE_MS - 1_000),
      future: new IdentityProof(SECRET).headers('client:demo', Date.now() + PROOF_MAX_AGE_MS + 1_000),
      tampered: { ...signed, 'x-client-identity': 'client:admin' },
      unsigned: { 'x-client-identity': 'client:demo' },
      malformed: { 'x-client-identity': 'client:demo', 'x-client-identity-proof': 'garbage' },
    };
    for (const [what, headers] of Object.entries(cases)) {
      expect(await identityOf(url, headers), what).toBe('ip:127.0.0.1');
    }
  });

  it('when no gateway secret is configured, then even a well-signed identity is ignored', async () => {
    const url = await identityApp(0);
    expect(await identityOf(url, new IdentityProof(SECRET).headers('client:demo'))).toBe('ip:127.0.0.1');
  });

  it('when no api key is sent and trust proxy is 0, then X-Forwarded-For is ignored', async () => {
    const url = await identityApp(0);
    expect(await identityOf(url, { 'x-forwarded-for': '203.0.113.9' })).toBe('ip:127.0.0.1');
  });

  it('when trust proxy is one hop, then only the address the proxy appended counts', async () => {
    const url = await identityApp(1);
    expect(await identityOf(url, { 'x-forwarded-for': '203.0.113.9' })).toBe('ip:203.0.113.9');
    expect(await identityOf(url, { 'x-forwarded-for': '198.51.100.1, 203.0.113.9' })).toBe('ip:203.0.113.9');
  });

  it('when IPv6 clients share a /64, then they share one identity', async () => {
    const url = await identityApp(1);
    const one = await identityOf(url, { 'x-forwarded-for': '2001:db8:abcd:12:1:2:3:4' });
    const two = await identityOf(url, { 'x-forwarded-for': '2001:DB8:ABCD:12:ffff::9' });
    const other = await identityOf(url, { 'x-forwarded-for': '2001:db8:abcd:13::1' });

    expect(one).toBe('ip:2001:db8:abcd:12::/64');
    expect(two).toBe(one);
    expect(other).toBe('ip:2001:db8:abcd:13::/64');
  });

  it('when an IPv4 client reaches a dual-stack socket, then the IPv4-mapped address counts as IPv4', async () => {
    const url = await identityApp(0, '::');
    expect(await identityOf(url)).toBe('ip:127.0.0.1');
  });

  it.each([
    ['::ffff:1.2.3.4', '1.2.3.4'],
    ['::FFFF:102:304', '1.2.3.4'],
    ['10.0.0.7', '10.0.0.7'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['2001:db8::', '2001:db8:0:0::/64'],
    ['64:ff9b::192.0.2.33', '64:ff9b:0:0::/64'],
    ['', 'unknown'],
  ])('when the address is %s, then it is keyed as %s', (address, expected) => {
    expect(normaliseClientIp(address)).toBe(expected);
  });

  it('when the address is not an IP, then it is hashed rather than used as a key', () => {
    const keyed = normaliseClientIp('evil:key*');
    expect(keyed).toMatch(/^other-[0-9a-f]{16}$/);
  });
});
