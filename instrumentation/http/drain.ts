import type { Express, RequestHandler } from 'express';

/** Whether the service is shutting down: set by serve() on SIGTERM, read by /readyz and responses. */
export interface DrainState {
  draining: boolean;
}

const DRAIN_KEY = 'otel-stack.drain';

/** The app's one drain state, created with the app by createServiceApp. */
export function drainStateOf(app: Express): DrainState {
  const existing = app.get(DRAIN_KEY) as DrainState | undefined;
  if (existing) return existing;
  const state: DrainState = { draining: false };
  app.set(DRAIN_KEY, state);
  return state;
}

/**
 * While draining, every answer closes its connection, so a balancer's or client's keep-alive connection
 * to this replica ends with the request in flight instead of carrying the next one here.
 */
export function closeConnectionsWhileDraining(state: DrainState): RequestHandler {
  return (_req, res, next) => {
    if (state.draining) res.setHeader('connection', 'close');
    next();
  };
}
