import type { Express } from 'express';
import { createServiceApp, type BreakerRegistry, type Logger } from '../../instrumentation/index.js';
import type { MetaConfig } from './config.js';
import { serviceRoutes } from './routes/services.js';

export interface MetaDeps {
  config: MetaConfig;
  logger: Logger;
  breakers: BreakerRegistry;
}

export function buildApp(deps: MetaDeps): Express {
  return createServiceApp({
    config: deps.config,
    logger: deps.logger,
    // The catalogue reports other services' health; its own readiness depends on none of them.
    observability: { breakers: () => deps.breakers.snapshot() },
    routes: [serviceRoutes({ breakers: deps.breakers, targets: deps.config.targets })],
  });
}
