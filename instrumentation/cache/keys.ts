import { createHash } from 'node:crypto';

const NAME_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
const SPAN_HASH_LENGTH = 16;

/** Cache names become part of Redis keys; a ':' in one could make two caches' keys collide. */
export function assertCacheName(name: string): void {
  if (!NAME_PATTERN.test(name)) {
    throw new TypeError(`cache name must match ${NAME_PATTERN}, got ${JSON.stringify(name)}`);
  }
}

/** Keys may be client input (prompts), so only their sha256 is used as an L1 key, Redis key or span value. */
export function hashKey(key: string): string {
  if (key.length > MEMO_MAX_KEY_LENGTH) return sha256Hex(key);
  let hash = recentHashes.get(key);
  if (hash === undefined) {
    hash = sha256Hex(key);
    // Oldest first: a hot key forgotten is only hashed again.
    if (recentHashes.size >= MEMO_MAX_ENTRIES) recentHashes.delete(recentHashes.keys().next().value!);
    recentHashes.set(key, hash);
  }
  return hash;
}

// A hot key's hash is remembered, so an L1 hit costs no sha256 (the bench measured it). Short keys only, and only in
// this process's memory (never Redis or spans): long ones (prompts) would hold memory, and hashing them
// is small beside the work that made them.
const MEMO_MAX_KEY_LENGTH = 256;
const MEMO_MAX_ENTRIES = 1024;
const recentHashes = new Map<string, string>();

function sha256Hex(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function redisKey(cacheName: string, keyHash: string): string {
  return `cache:${cacheName}:${keyHash}`;
}

/** 64 bits: short enough to read in a trace, long enough to tell one key's lookups from another's. */
export function spanKeyHash(keyHash: string): string {
  return keyHash.slice(0, SPAN_HASH_LENGTH);
}
