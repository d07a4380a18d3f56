import type { Express } from 'express';
import { adminRoutes, createServiceApp, type Logger } from '../../instrumentation/index.js';
import type { ProviderSimConfig } from './config.js';
import { FaultTable } from './domain/faults.js';
import { faultRoutes } from './routes/admin.js';
import { completeRoutes } from './routes/complete.js';

/** Fault injection and call counts, behind the admin token. */
const ADMIN_PREFIX = '/admin';

export function buildApp(deps: { config: ProviderSimConfig; logger: Logger; faults?: FaultTable }): Express {
  const providers = new Map(deps.config.providers.map((p) => [p.name, p]));
  const faults = deps.faults ?? new FaultTable();
  const calls = new Map<string, number>();
  return createServiceApp({
    config: deps.config,
    logger: deps.logger,
    routes: [
      completeRoutes({ providers, faults, latencyScale: deps.config.latencyScale, calls }),
      adminRoutes(
        ADMIN_PREFIX,
        deps.config.adminToken,
        faultRoutes({ faults, providerNames: [...providers.keys()], calls }),
      ),
    ],
  });
}
