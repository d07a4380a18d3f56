import type { RequestHandler } from 'express';
import { addressIdentity, establishIdentity } from './client-identity.js';
import { IDENTITY_HEADER, IDENTITY_PROOF_HEADER, IdentityProof } from './identity-proof.js';

/**
 * For a service behind the gateway: the client identity the gateway signed, when its proof holds;
 * otherwise the socket address, whatever identity or X-Forwarded-For a caller sent. Either way the
 * service can vouch for it to its own upstreams (identityHeaders).
 */
export function acceptGatewayIdentity(secret: string): RequestHandler {
  const proof = new IdentityProof(secret);
  return (req, _res, next) => {
    const proven = proof.verify(req.get(IDENTITY_HEADER), req.get(IDENTITY_PROOF_HEADER));
    establishIdentity(req, proven ?? addressIdentity(req), proof);
    next();
  };
}
