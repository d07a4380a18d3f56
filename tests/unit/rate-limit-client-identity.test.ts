import { createHash } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { clientIdentity, normaliseClientIp } from '../../instrumentation/rate-limit/client-identity.js';

const servers: Server[] = [];

/** A real express app answering the identity it sees, with 'trust proxy' as the kit sets it. */
async function identityApp(trustProxyHops: number, host = '127.0.0.1'): Promise<string> {
  const app = express();
  app.set('trust proxy', trustProxyHops);
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

  it('when x-api-key is sent, then the identity is its sha256 prefix and never the key', async () => {
    const url = await identityApp(0);
    const id = await identityOf(url, { 'x-api-key': 'sk-live-very-secret' });

    const digest = createHash('sha256').update('sk-live-very-secret').digest('hex');
    expect(id).toBe(`key:${digest.slice(0, 32)}`);
    expect(id).not.toContain('secret');
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
