import { createHmac, timingSafeEqual } from 'node:crypto';

/** The client identity the gateway vouches for: `client:<name>`, `ip:<address>` or `service:<name>`. */
export const IDENTITY_HEADER = 'x-client-identity';
/** `t=<unix ms>;s=<base64url HMAC-SHA256 of identity and t>` under the shared gateway secret. */
export const IDENTITY_PROOF_HEADER = 'x-client-identity-proof';
/** A proof older (or further in the future, for clock skew) than this is refused: a replay window. */
export const PROOF_MAX_AGE_MS = 30_000;

/** What an identity may look like: a kind, a colon, then printable ASCII (an IPv6 /64 has colons). */
const IDENTITY_PATTERN = /^(client|ip|service):[\x21-\x7e]{1,128}$/;
const PROOF_PATTERN = /^t=(\d{1,16});s=([A-Za-z0-9_-]{43})$/;

/**
 * Signs and checks the identity headers with HMAC-SHA256 under a secret shared by the gateway and the
 * services behind it. The timestamp bounds replays to PROOF_MAX_AGE_MS; the comparison is constant
 * time, so a forger learns nothing from how long a refusal takes.
 */
export class IdentityProof {
  readonly #secret: Buffer;

  constructor(secret: string) {
    this.#secret = Buffer.from(secret, 'utf8');
  }

  /** The two headers that prove `identity` to a service holding the same secret. */
  headers(identity: string, now = Date.now()): Record<string, string> {
    const t = String(Math.floor(now));
    return {
      [IDENTITY_HEADER]: identity,
      [IDENTITY_PROOF_HEADER]: `t=${t};s=${this.#mac(identity, t).toString('base64url')}`,
    };
  }

  /** The identity the headers prove, or undefined when either is missing, malformed, stale or forged. */
  verify(identity: string | undefined, proof: string | undefined, now = Date.now()): string | undefined {
    if (!identity || !proof || !IDENTITY_PATTERN.test(identity)) return undefined;
    const match = PROOF_PATTERN.exec(proof);
    if (!match) return undefined;
    const [, t = '', signature = ''] = match;
    if (Math.abs(now - Number(t)) > PROOF_MAX_AGE_MS) return undefined;
    const given = Buffer.from(signature, 'base64url');
    const expected = this.#mac(identity, t);
    return given.length === expected.length && timingSafeEqual(given, expected) ? identity : undefined;
  }

  #mac(identity: string, t: string): Buffer {
    // A newline cannot occur in either part, so no two (identity, t) pairs sign the same text.
    return createHmac('sha256', this.#secret).update(`${identity}\n${t}`).digest();
  }
}
