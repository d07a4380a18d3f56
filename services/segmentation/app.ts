import type { Express } from 'express';
import { createServiceApp, type BreakerRegistry, type Logger } from '../../instrumentation/index.js';
import type { SegmentationConfig } from './config.js';
import { SegmentService } from './domain/segment-service.js';
import { segmentRoutes } from './routes/segments.js';

export interface SegmentationDeps {
  config: SegmentationConfig;
  logger: Logger;
  breakers: BreakerRegistry;
}

export function buildApp(deps: SegmentationDeps): Express {
  const segments = new SegmentService(deps.breakers, deps.config);
  return createServiceApp({
    config: deps.config,
    logger: deps.logger,
    // Budget being down is answered per request (502/503/504), not by taking this service out of rotation.
    observability: { breakers: () => deps.breakers.snapshot() },
    routes: [segmentRoutes({ segments })],
  });
}
