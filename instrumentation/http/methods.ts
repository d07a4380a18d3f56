import type { Express, Request, RequestHandler, Response } from 'express';
import { AppError } from '../errors.js';

/**
 * Method handling shared by every service and the gateway (RFC 9110 §9.3.7, §15.5.6): a path that
 * exists answers OPTIONS with 204 and an `Allow` header, and any method it does not serve with 405,
 * the same `Allow` header and a JSON body. A path that does not exist stays a 404.
 */

/** Methods a route table may name; HEAD and OPTIONS follow from them (see `allowedMethods`). */
export const ROUTE_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

const ORDER = [...ROUTE_METHODS, 'HEAD', 'OPTIONS'];

/** What a resource serving `served` allows: GET brings HEAD (as Express routes it), OPTIONS is always ours. */
function allowedMethods(served: Iterable<string>): string[] {
  const methods = new Set([...served].map((m) => m.toUpperCase()));
  if (methods.has('GET')) methods.add('HEAD');
  methods.add('OPTIONS');
  return [...methods].sort((a, b) => rank(a) - rank(b));
}

const rank = (method: string) => (ORDER.includes(method) ? ORDER.indexOf(method) : ORDER.length);

/**
 * Answers OPTIONS (204) or refuses a method `served` does not cover (throws a 405 AppError after setting
 * `Allow`); returns whether the request was answered. Otherwise the caller serves it.
 */
export function answerMethod(req: Request, res: Response, served: Iterable<string>): boolean {
  const allowed = allowedMethods(served);
  if (req.method !== 'OPTIONS' && allowed.includes(req.method)) return false;
  res.setHeader('allow', allowed.join(', '));
  if (req.method === 'OPTIONS') {
    res.status(204).end();
    return true;
  }
  throw new AppError(405, 'method_not_allowed', `${req.method} is not allowed on ${req.path}`, {
    details: { allow: allowed },
  });
}

/** The parts of router 2's layers this file reads: `match` is pure (it stores nothing on the layer). */
interface Layer {
  match(path: string): { path: string } | false;
  route?: { methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
}

/** What serves a path: the methods of the routes that match it, or `ANY` when one of them takes every method. */
const ANY = 'any';
type Served = Set<string> | typeof ANY;

/**
 * The methods an app's routes serve at `path`, walking routers mounted with `use`. A route that takes
 * every method (`all`, as the gateway's forwarding routes do) answers for itself: `ANY`.
 */
function servedAt(stack: readonly Layer[], path: string): Served {
  const served = new Set<string>();
  for (const layer of stack) {
    const match = layer.match(path);
    if (!match) continue;
    const inner: Served = layer.route
      ? layer.route.methods._all
        ? ANY
        : new Set(Object.keys(layer.route.methods).map((m) => m.toUpperCase()))
      : layer.handle.stack
        ? servedAt(layer.handle.stack, path.slice(match.path.length) || '/')
        : new Set();
    if (inner === ANY) return ANY;
    for (const method of inner) served.add(method);
  }
  return served;
}

/**
 * Mounted before an app's routes: OPTIONS on a path some route serves gets 204 and `Allow` (Express's
 * own answer would be plain text). Mounted after them (`refuse`): a method no route served on an
 * existing path gets 405 instead of the 404 that follows.
 */
export function methodHandling(app: Express, { refuse }: { refuse: boolean }): RequestHandler {
  return (req, res, next) => {
    if (!refuse && req.method !== 'OPTIONS') return next();
    const served = servedAt((app.router as unknown as { stack: Layer[] }).stack, req.path);
    if (served === ANY || served.size === 0 || !answerMethod(req, res, served)) next();
  };
}
