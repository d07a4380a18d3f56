import { createHash } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import type { Request } from 'express';
import { RecentValues } from '../rate-limit/recent-values.js';
import type { IdentityProof } from './identity-proof.js';

interface Established {
  identity: string;
  /** Signs the identity for the next hop; absent where no gateway secret is configured. */
  proof: IdentityProof | undefined;
}

/** Per request, once the gateway (an API key) or a service (the gateway's proof) has settled it. */
const established = new WeakMap<Request, Established>();

/**
 * Whom a request is counted against: the identity established for it (an issued client at the gateway,
 * the gateway's signed word behind it), else `ip:<address>` from `req.ip`. X-Forwarded-For only counts
 * through Express's 'trust proxy', a hop count (default 0: the socket address is the client).
 */
export function clientIdentity(req: Request): string {
  return established.get(req)?.identity ?? addressIdentity(req);
}

/** `ip:<address>`, IPv6 by its /64: what an anonymous client is known by. */
export function addressIdentity(req: Request): string {
  return recentIdentities.get(req.ip ?? req.socket.remoteAddress ?? '', ipIdentity);
}

/** Settles the request's identity; with `proof`, identityHeaders can vouch for it to the next hop. */
export function establishIdentity(req: Request, identity: string, proof?: IdentityProof): void {
  established.set(req, { identity, proof });
}

/**
 * Signed headers that carry this request's client identity to an upstream service, so a call made on
 * the client's behalf counts against that client. Empty without a gateway secret.
 */
export function identityHeaders(req: Request): Record<string, string> {
  const known = established.get(req);
  return known?.proof ? known.proof.headers(known.identity) : {};
}

// An address is normalised once per client, not per request.
const recentIdentities = new RecentValues<string>(10_000);
const ipIdentity = (address: string) => `ip:${normaliseClientIp(address)}`;

/**
 * IPv4 as is; IPv4-mapped IPv6 (`::ffff:1.2.3.4`) as its IPv4 address; other IPv6 as its /64 prefix,
 * since one host usually holds a whole /64 and could otherwise rotate addresses to dodge its limit.
 * Anything else (no address, or a proxy's odd value) is hashed, so it cannot shape the Redis key.
 */
export function normaliseClientIp(address: string): string {
  const ip = address.trim().split('%')[0] ?? '';
  if (isIPv4(ip)) return ip;
  if (!isIPv6(ip)) return ip === '' ? 'unknown' : `other-${sha256Hex(ip).slice(0, 16)}`;
  const hextets = expandIPv6(ip);
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g = 0, h = 0] = hextets;
  if (a === 0 && b === 0 && c === 0 && d === 0 && e === 0 && f === 0xffff) {
    return `${g >> 8}.${g & 0xff}.${h >> 8}.${h & 0xff}`;
  }
  return `${[a, b, c, d].map((x) => x.toString(16)).join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (`::` expanded, a dotted IPv4 tail converted). */
function expandIPv6(ip: string): number[] {
  let text = ip.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [o1, o2, o3, o4] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((o1 << 8) | o2).toString(16)}:${((o3 << 8) | o4).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((group) => parseInt(group, 16));
}

function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
