import express, { type RequestHandler, type Router } from 'express';
import { AppError, answerMethod, type BreakerRegistry } from '../../../instrumentation/index.js';
import { pathProblem } from '../domain/paths.js';
import { proxy } from '../domain/proxy.js';
import type { Upstream } from '../domain/upstreams.js';

/** Refuses, before any upstream is chosen, a path that would not reach the upstream as it reads here. */
const refuseUnsafePaths: RequestHandler = (req, _res, next) => {
  const problem = pathProblem(req.originalUrl);
  if (problem) throw new AppError(400, 'invalid_path', problem);
  next();
};

/**
 * Routes each upstream's prefixes through that upstream's breaker. OPTIONS and a method the upstream
 * does not serve under the prefix are answered here, so no client's method ever reaches an upstream
 * (or its breaker) that would refuse it.
 */
export function gatewayRoutes(deps: { upstreams: Upstream[]; breakers: BreakerRegistry }): Router {
  const router = express.Router();
  router.use(refuseUnsafePaths);
  for (const upstream of deps.upstreams) {
    const breaker = deps.breakers.getOrCreate(`upstream:${upstream.name}`);
    for (const { prefix, methods } of upstream.routes) {
      const forward: RequestHandler = async (req, res) => {
        if (answerMethod(req, res, methods)) return;
        await proxy(req, res, breaker, upstream.url);
      };
      // Express 5 path syntax: the prefix itself and everything below it. Two routes rather than one
      // array route, so http.route (and the span name) reads as one path.
      router.all(prefix, forward);
      router.all(`${prefix}/*rest`, forward);
    }
  }
  return router;
}
