import type { RequestHandler } from 'express';
import {
  AppError,
  addressIdentity,
  establishIdentity,
  type ApiKeyVerifier,
  type IdentityProof,
} from '../../../instrumentation/index.js';

export const API_KEY_HEADER = 'x-api-key';

/**
 * Who a request through the gateway speaks for: the client an issued API key belongs to, or, with no
 * key, an anonymous client known by its address. A key that is unknown or revoked answers 401; a key's
 * case variants are simply other, unknown keys. The identity is signed for the upstreams (proxy.ts).
 */
export function identifyClient(deps: { verifier: ApiKeyVerifier; proof: IdentityProof }): RequestHandler {
  return async (req, _res, next) => {
    const key = req.get(API_KEY_HEADER);
    if (!key) {
      establishIdentity(req, addressIdentity(req), deps.proof);
      next();
      return;
    }
    const client = await deps.verifier.clientOf(key);
    if (client === undefined) {
      throw new AppError(401, 'invalid_api_key', 'The API key is unknown or revoked');
    }
    establishIdentity(req, `client:${client}`, deps.proof);
    next();
  };
}
