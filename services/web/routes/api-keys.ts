import express, { type Request, type Router } from 'express';
import {
  AppError,
  notFound,
  requireObject,
  validClientName,
  type ApiKeyStore,
  type ApiKeyVerifier,
} from '../../../instrumentation/index.js';

/** The gateway reads every body raw (it forwards bytes unparsed); its own admin route parses JSON here. */
function jsonBody(req: Request): unknown {
  const text = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError(400, 'invalid_json', 'Request body is not valid JSON');
  }
}

/**
 * Issuing and revoking API keys, mounted under the admin prefix behind the admin token. A key is
 * answered once and kept only as a hash; issuing again for a client replaces its key.
 */
export function apiKeyRoutes(deps: { store: ApiKeyStore; verifier: ApiKeyVerifier }): Router {
  const router = express.Router();
  router.post('/api-keys', async (req, res) => {
    const client = validClientName(requireObject(jsonBody(req)).client);
    const { key, replacedHash } = await deps.store.issue(client);
    if (replacedHash) deps.verifier.forget(replacedHash);
    res.status(201).setHeader('cache-control', 'no-store').json({ client, key });
  });
  router.delete('/api-keys/:client', async (req, res) => {
    const client = validClientName(req.params.client);
    const revokedHash = await deps.store.revoke(client);
    if (!revokedHash) throw notFound(`No key is issued to ${client}`);
    // This gateway forgets the key at once; other replicas within their cache TTL.
    deps.verifier.forget(revokedHash);
    res.status(204).end();
  });
  return router;
}
