import { createHash, randomBytes } from 'node:crypto';

/** A prefix that makes a leaked key recognisable to secret scanners, then 256 random bits. */
const KEY_PREFIX = 'osk_';
const KEY_PATTERN = /^osk_[A-Za-z0-9_-]{43}$/;

export function newApiKey(): string {
  return `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** Whether a value could be a key at all: anything else is refused without a lookup. */
export const wellFormedApiKey = (value: string): boolean => KEY_PATTERN.test(value);

/**
 * What is stored instead of the key. A plain SHA-256 suffices: the key is 256 random bits, so there is
 * nothing to guess from the hash (a slow, salted hash matters for low-entropy passwords only).
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}
