// Who a request speaks for; instrumentation/index.ts re-exports it.
export { addressIdentity, clientIdentity, establishIdentity, identityHeaders } from './client-identity.js';
export { clientIdOf } from './client-id.js';
export { IdentityProof } from './identity-proof.js';
export { SERVICE_IDENTITY_PREFIX, requireServiceCaller } from './service-caller.js';
