import type { RequestHandler } from 'express';
import { AppError } from '../errors.js';
import { clientIdentity } from './client-identity.js';

/**
 * The identity a service of the stack signs when it calls another on its own account, not a client's.
 * The gateway never signs one for a request from outside (it signs `client:` or `ip:` identities).
 */
export const SERVICE_IDENTITY_PREFIX = 'service:';

/**
 * Internal routes: only another service of the stack, proven by the gateway secret, may call them;
 * anyone else gets 403. Such routes sit outside every gateway prefix, so the gateway never routes them.
 */
export function requireServiceCaller(): RequestHandler {
  return (req, _res, next) => {
    if (!clientIdentity(req).startsWith(SERVICE_IDENTITY_PREFIX)) {
      throw new AppError(403, 'forbidden', 'Only services of the stack may call this route');
    }
    next();
  };
}
