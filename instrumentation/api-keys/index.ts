// Issued API keys; instrumentation/index.ts re-exports them.
export { validClientName } from './client-name.js';
export { ApiKeyStore } from './key-store.js';
export { ApiKeyVerifier, type ApiKeyVerifierOptions } from './key-verifier.js';
