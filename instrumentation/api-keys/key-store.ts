import type { Redis } from 'ioredis';
import { hashApiKey, newApiKey } from './key-format.js';

/** key hash → client name: the lookup a request makes. One hash tag, so both keys share a slot. */
const BY_HASH = '{apikeys}:by-hash';
/** client name → key hash: what revocation and re-issue find the old key by. */
const BY_CLIENT = '{apikeys}:by-client';

/** Replaces a client's key: its old hash goes in the same step, so an old key never outlives a new one. */
const ISSUE = `
local old = redis.call('HGET', KEYS[2], ARGV[2])
if old then redis.call('HDEL', KEYS[1], old) end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('HSET', KEYS[2], ARGV[2], ARGV[1])
return old`;

const REVOKE = `
local old = redis.call('HGET', KEYS[2], ARGV[1])
if not old then return false end
redis.call('HDEL', KEYS[1], old)
redis.call('HDEL', KEYS[2], ARGV[1])
return old`;

/**
 * Issued API keys in Redis, stored only as hashes: one key per client; issuing again replaces it.
 * Redis failures propagate (a store failure is an error, never an answer about the key).
 */
export class ApiKeyStore {
  constructor(private readonly redis: Redis) {}

  /**
   * A new key for `client`, shown to the caller once; any previous key of the client stops working.
   * `replacedHash` is the old key's hash, for the caller to drop from its cache.
   */
  async issue(client: string): Promise<{ key: string; replacedHash: string | undefined }> {
    const key = newApiKey();
    const old = await this.redis.eval(ISSUE, 2, BY_HASH, BY_CLIENT, hashApiKey(key), client);
    return { key, replacedHash: typeof old === 'string' ? old : undefined };
  }

  /** The revoked key's hash, or undefined when the client had no key. */
  async revoke(client: string): Promise<string | undefined> {
    const old = await this.redis.eval(REVOKE, 2, BY_HASH, BY_CLIENT, client);
    return typeof old === 'string' ? old : undefined;
  }

  /** The client a key hash was issued to, or null. */
  async clientOf(keyHash: string): Promise<string | null> {
    return this.redis.hget(BY_HASH, keyHash);
  }
}
