import { createRequire } from 'node:module';
import { context, diag, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';
import { ATTR_HTTP_ROUTE } from '@opentelemetry/semantic-conventions';
import type { ServerRequestState } from './http-server-tracing.js';

export const EXPRESS_ROUTE_SCOPE = 'otel-stack/express';
/** The span name and attributes instrumentation-express gives an Express 5 route's handlers. */
export const SPAN_REQUEST_HANDLER = 'request handler';
const ATTR_EXPRESS_NAME = 'express.name';
const ATTR_EXPRESS_TYPE = 'express.type';
export const EXPRESS_TYPE_REQUEST_HANDLER = 'request_handler';

type PathSpec = string | RegExp | number | Array<string | RegExp | number>;
type Done = (err?: unknown) => void;

// Set when routers and routes are registered, never per request.
const OWNER = Symbol('otel-stack.route.owner');
const MOUNT = Symbol('otel-stack.router.mount');
const FULL_ROUTE = Symbol('otel-stack.route.full');

interface RouterLike {
  stack?: unknown[];
  [MOUNT]?: { parent: RouterLike; path: string };
}

interface RouteLike {
  path: PathSpec;
  [OWNER]?: RouterLike;
  [FULL_ROUTE]?: string;
}

interface ExpressModule {
  Router: { prototype: Record<string, unknown> };
  Route: { prototype: Record<string, unknown> };
}

const require = createRequire(import.meta.url);

function pathText(path: PathSpec | undefined): string {
  if (path === undefined) return '/';
  if (Array.isArray(path)) return path.map((p) => String(p)).join(',');
  return String(path);
}

/** Joined as instrumentation-express joins layer paths: `/` mounts vanish, doubled slashes collapse. */
function join(mount: string, path: string): string {
  if (mount === '/' || mount === '') return path;
  if (path === '/') return mount;
  return `${mount}${path}`.replace(/\/{2,}/g, '/');
}

/** The route's pattern under every router it is mounted in, e.g. `/api/v1/budget/:clientId`. */
function fullRoute(route: RouteLike): string {
  const cached = route[FULL_ROUTE];
  if (cached !== undefined) return cached;
  let path = pathText(route.path);
  let router = route[OWNER];
  for (let depth = 0; router?.[MOUNT] && depth < 32; depth += 1) {
    path = join(router[MOUNT].path, path);
    router = router[MOUNT].parent;
  }
  route[FULL_ROUTE] = path;
  return path;
}

function isRouter(fn: unknown): fn is RouterLike {
  return typeof fn === 'function' && Array.isArray((fn as RouterLike).stack);
}

/**
 * The route and the request-handler span of Express 5 requests, in place of
 * instrumentation-express. That one wraps every layer of every request (even the layers it is told to
 * ignore) and rebuilds the route from a per-request stack of paths; this one learns each route's full
 * pattern when routers are mounted (`Router.use`, `Router.route`, the router's own hooks for
 * registration) and wraps only the matched route's `dispatch`, once per request. It names the route
 * on the request's state (the server span takes it as http.route and in its name, the duration
 * histogram as an attribute) and, for sampled requests only, wraps the route's handlers in one
 * 'request handler' span so the spans they make sit under it.
 */
export class ExpressRouteTracing {
  private readonly tracer: Tracer = trace.getTracer(EXPRESS_ROUTE_SCOPE);
  private readonly restore: Array<() => void> = [];

  /** Patches express's router prototypes; a process without express is left alone. */
  enable(): void {
    if (this.restore.length > 0) return;
    let express: ExpressModule;
    try {
      express = require('express') as ExpressModule;
    } catch {
      return;
    }
    this.patch(
      express.Router.prototype,
      'route',
      (original) =>
        function route(this: RouterLike, ...args: unknown[]) {
          const created = original.apply(this, args) as RouteLike;
          created[OWNER] = this;
          return created;
        },
    );
    this.patch(
      express.Router.prototype,
      'use',
      (original) =>
        function use(this: RouterLike, ...args: unknown[]) {
          rememberMounts(this, args);
          return original.apply(this, args);
        },
    );
    const tracer = this.tracer;
    this.patch(
      express.Route.prototype,
      'dispatch',
      (original) =>
        function dispatch(this: RouteLike, req: unknown, res: unknown, done: Done) {
          const active = context.active();
          const state = getRPCMetadata(active) as ServerRequestState | undefined;
          if (state?.type !== RPCType.HTTP) return original.call(this, req, res, done);
          let route: string;
          try {
            route = fullRoute(this);
            state.route = route;
          } catch (error) {
            diag.error('otel-stack express route tracing: could not name the route', error);
            return original.call(this, req, res, done);
          }
          if (!trace.getSpan(active)?.isRecording()) return original.call(this, req, res, done);
          const span = tracer.startSpan(
            SPAN_REQUEST_HANDLER,
            {
              attributes: {
                [ATTR_HTTP_ROUTE]: route,
                [ATTR_EXPRESS_NAME]: route,
                [ATTR_EXPRESS_TYPE]: EXPRESS_TYPE_REQUEST_HANDLER,
              },
            },
            active,
          );
          const end = endOnce(span);
          // The response closing ends it if no handler passes the request on.
          state.endHandler = end;
          const passOn: Done = (err) => {
            end(err);
            // Later layers (404, error handler) run under the server span again.
            context.with(active, done, undefined, err);
          };
          return context.with(trace.setSpan(active, span), original, this, req, res, passOn);
        },
    );
  }

  disable(): void {
    for (const undo of this.restore.splice(0)) undo();
  }

  private patch(
    target: Record<string, unknown>,
    name: string,
    wrap: (original: (...args: unknown[]) => unknown) => (...args: never[]) => unknown,
  ): void {
    const original = target[name];
    if (typeof original !== 'function') return;
    target[name] = wrap(original as (...args: unknown[]) => unknown);
    this.restore.push(() => {
      target[name] = original;
    });
  }
}

/** Records which routers are mounted under which path, from `router.use([path], ...handlers)`. */
function rememberMounts(parent: RouterLike, args: unknown[]): void {
  try {
    let head = args[0];
    while (Array.isArray(head) && head.length > 0) head = head[0];
    const hasPath = typeof head !== 'function';
    const path = hasPath ? pathText(args[0] as PathSpec) : '/';
    for (const fn of (hasPath ? args.slice(1) : args).flat(Infinity)) {
      if (isRouter(fn)) fn[MOUNT] = { parent, path };
    }
  } catch (error) {
    diag.error('otel-stack express route tracing: could not read a mount path', error);
  }
}

/**
 * Ends the span once, as instrumentation-express ends it: an error passed on is recorded with its
 * message; `'route'` and `'router'` are Express's routing signals, not errors.
 */
function endOnce(span: Span): Done {
  let ended = false;
  return (err) => {
    if (ended) return;
    ended = true;
    if (err !== undefined && err !== null && err !== 'route' && err !== 'router') {
      if (err instanceof Error) {
        span.recordException(err);
        span.setStatus({ code: SpanStatusCode.ERROR, message: err.message });
      } else {
        span.recordException(String(err));
        span.setStatus({ code: SpanStatusCode.ERROR, message: String(err) });
      }
    }
    span.end();
  };
}
