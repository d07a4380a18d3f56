import type { Express } from 'express';
import { createServiceApp, type BreakerRegistry, type Logger } from '../../instrumentation/index.js';
import type { CoachConfig } from './config.js';
import { BudgetClient } from './domain/budget-client.js';
import { adviceRoutes } from './routes/advice.js';

export interface CoachDeps {
  config: CoachConfig;
  logger: Logger;
  breakers: BreakerRegistry;
}

export function buildApp(deps: CoachDeps): Express {
  const budget = new BudgetClient(deps.breakers, deps.config.budgetUrl);
  return createServiceApp({
    config: deps.config,
    logger: deps.logger,
    // Budget being down is answered per request (502/503/504), not by taking coach out of rotation.
    observability: { breakers: () => deps.breakers.snapshot() },
    routes: [adviceRoutes({ budget })],
  });
}
