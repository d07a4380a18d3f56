import express, { type Router } from 'express';
import {
  notFound,
  requireObject,
  validClientName,
  type ApiKeyStore,
  type ApiKeyVerifier,
} from '../../../instrumentation/index.js';

/**
 * Issuing and revoking API keys, mounted under the admin prefix behind the admin token. A key is
 * answered once and kept only as a hash; issuing again for a client replaces its key.
 */
export function apiKeyRoutes(deps: { store: ApiKeyStore; verifier: ApiKeyVerifier }): Router {
  const router = express.Router();
  router.post('/api-keys', async (req, res) => {
    const client = validClientName(requireObject(req.body).client);
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
