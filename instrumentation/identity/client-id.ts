import { createHash } from 'node:crypto';

/**
 * The short, one-way id a client identity is stored, traced and compared under (`client:demo`,
 * `ip:192.0.2.7`, …): the first 16 hex digits of its SHA-256. Budget keys its ledger and activity by
 * it, and segmentation finds its caller among budget's clients by it. The identity itself travels only
 * from the gateway to a service, signed (IdentityProof); it is never stored or answered, only its id.
 */
export function clientIdOf(identity: string): string {
  return createHash('sha256').update(identity).digest('hex').slice(0, 16);
}
