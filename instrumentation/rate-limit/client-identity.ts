import { createHash } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import type { Request } from 'express';
import { RecentValues } from './recent-values.js';

const API_KEY_HEADER = 'x-api-key';

/**
 * Whom a request is counted against: `key:<first 32 hex of sha256(x-api-key)>` when the header is
 * present, so the key itself never reaches Redis, logs or spans; else `ip:<address>` from `req.ip`.
 * X-Forwarded-For only counts through Express's 'trust proxy', which the kit sets as a hop count
 * (default 0: the socket address is the client).
 */
export function clientIdentity(req: Request): string {
  const apiKey = req.get(API_KEY_HEADER);
  if (apiKey) return `key:${sha256Hex(apiKey).slice(0, 32)}`;
  return recentIdentities.get(req.ip ?? req.socket.remoteAddress ?? '', ipIdentity);
}

// An address is normalised once per client, not per request. API keys are not kept: they are secrets.
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
