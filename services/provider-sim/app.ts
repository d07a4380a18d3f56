import type { Express } from 'express';
import { createServiceApp, type Logger } from '../../instrumentation/index.js';
import type { ProviderSimConfig } from './config.js';
import { FaultTable } from './domain/faults.js';
import { adminRoutes } from './routes/admin.js';
import { completeRoutes } from './routes/complete.js';

export function buildApp(deps: { config: ProviderSimConfig; logger: Logger; faults?: FaultTable }): Express {
  const providers = new Map(deps.config.providers.map((p) => [p.name, p]));
  const faults = deps.faults ?? new FaultTable();
  const calls = new Map<string, number>();
  return createServiceApp({
    config: deps.config,
    logger: deps.logger,
    routes: [
      completeRoutes({ providers, faults, latencyScale: deps.config.latencyScale, calls }),
      adminRoutes({ faults, providerNames: [...providers.keys()], calls }),
    ],
  });
}
