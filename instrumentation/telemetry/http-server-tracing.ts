import http from 'node:http';
import https from 'node:https';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import {
  context,
  diag,
  metrics,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  ValueType,
  type Attributes,
  type Context,
  type Histogram,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { RPCType, setRPCMetadata, suppressTracing, type RPCMetadata } from '@opentelemetry/core';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_NETWORK_PROTOCOL_VERSION,
  ATTR_URL_SCHEME,
  METRIC_HTTP_SERVER_REQUEST_DURATION,
} from '@opentelemetry/semantic-conventions';
import { normaliseMethod, requestAttributes, type Scheme } from './http-attributes.js';
import { bindRequest, RequestEmitters } from './request-emitters.js';

export const HTTP_SERVER_SCOPE = 'otel-stack/http-server';

/** instrumentation-http's buckets for the duration histogram, so both modes export the same buckets. */
const DURATION_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/**
 * One request's tracing state. It is the request's RPC metadata, which is how the route tracing names
 * the route and how traceresponse finds the server span: the same slot instrumentation-http uses.
 */
export type ServerRequestState = RPCMetadata & {
  /** Ends the request-handler span still open when the response closes. */
  endHandler?: () => void;
};

interface Pending {
  span: Span;
  state: ServerRequestState;
  req: IncomingMessage;
  res: ServerResponse;
  scheme: Scheme;
  startedAt: number;
  done: boolean;
}

export interface HttpServerTracingOptions {
  /** Requests whose target this accepts get no span, no metric, and run with tracing suppressed. */
  ignore: (url: string | undefined) => boolean;
}

type Emit = (this: Server, event: string | symbol, ...args: unknown[]) => boolean;

/**
 * A SERVER span and a `http.server.request.duration` point per incoming request, in place of
 * instrumentation-http's incoming side, with the same names, attributes and status rules. The work
 * saved: request attributes are computed only when the span is sampled; listeners are not wrapped one
 * by one but run in the request's context by one shared emit (see RequestEmitters), which also sees
 * the response's `close` and `error`, so no listener is added per request.
 *
 * Why `Server.prototype.emit` rather than diagnostics_channel: `http.server.request.start` is
 * published with `publish()`, not `runStores()`, so a subscriber cannot make the request's handlers
 * run in the request's context; only wrapping the `request` event can. And
 * `http.server.response.finish` never fires for an aborted request, whose span must still end.
 */
export class HttpServerTracing {
  private readonly tracer: Tracer = trace.getTracer(HTTP_SERVER_SCOPE);
  private readonly duration: Histogram = metrics
    .getMeter(HTTP_SERVER_SCOPE)
    .createHistogram(METRIC_HTTP_SERVER_REQUEST_DURATION, {
      description: 'Duration of HTTP server requests.',
      unit: 's',
      valueType: ValueType.DOUBLE,
      advice: { explicitBucketBoundaries: DURATION_BUCKETS_S },
    });
  private readonly restore: Array<() => void> = [];
  private readonly emitters = new RequestEmitters();

  constructor(private readonly options: HttpServerTracingOptions) {}

  /** Patches the `emit` of http.Server and https.Server, which every Node HTTP server inherits. */
  enable(): void {
    if (this.restore.length > 0) return;
    this.emitters.enable();
    this.restore.push(() => this.emitters.disable());
    for (const [proto, scheme] of [
      [http.Server.prototype, 'http'],
      [https.Server.prototype, 'https'],
    ] as const) {
      const target = proto as unknown as { emit: Emit };
      const original = target.emit;
      target.emit = this.patchedEmit(original, scheme);
      this.restore.push(() => {
        target.emit = original;
      });
    }
  }

  disable(): void {
    for (const undo of this.restore.splice(0)) undo();
  }

  private patchedEmit(original: Emit, scheme: Scheme): Emit {
    const ignore = this.options.ignore;
    const start = (req: IncomingMessage, res: ServerResponse) => this.start(req, res, scheme);
    const fail = (pending: Pending, error: unknown) => this.fail(pending, error);
    return function emit(this: Server, event: string | symbol, ...args: unknown[]): boolean {
      if (event !== 'request') return original.apply(this, [event, ...args]);
      const req = args[0] as IncomingMessage;
      const res = args[1] as ServerResponse;
      let pending: Pending | undefined;
      let ctx: Context | undefined;
      try {
        if (!ignore(req.url)) [pending, ctx] = start(req, res);
      } catch (error) {
        // Tracing must never take a request down: serve it untraced.
        diag.error('otel-stack http server tracing: could not start a span', error);
        return original.apply(this, [event, ...args]);
      }
      if (!pending || !ctx) {
        return context.with(suppressTracing(context.active()), original, this, event, req, res);
      }
      try {
        return context.with(ctx, original, this, event, req, res);
      } catch (error) {
        fail(pending, error);
        throw error;
      }
    };
  }

  private start(req: IncomingMessage, res: ServerResponse, scheme: Scheme): [Pending, Context] {
    const startedAt = performance.now();
    const parent = propagation.extract(ROOT_CONTEXT, req.headers);
    const span = this.tracer.startSpan(req.method || 'GET', { kind: SpanKind.SERVER }, parent);
    if (span.isRecording()) span.setAttributes(requestAttributes(req, scheme));
    const state: ServerRequestState = { type: RPCType.HTTP, span };
    const ctx = setRPCMetadata(trace.setSpan(parent, span), state);
    const pending: Pending = { span, state, req, res, scheme, startedAt, done: false };
    bindRequest(req, res, ctx, {
      onClose: () => this.finish(pending),
      onError: (error) => this.fail(pending, error),
    });
    return [pending, ctx];
  }

  /** The response closed: finished, or aborted by the client (then with the status it had). */
  private finish(pending: Pending): void {
    if (pending.done) return;
    pending.done = true;
    const { span, state, res } = pending;
    const status = res.statusCode;
    const route = state.route;
    const errorType = status >= 500 && status < 600 ? String(status) : undefined;
    try {
      state.endHandler?.();
      if (span.isRecording()) {
        span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
        if (route !== undefined) span.setAttribute(ATTR_HTTP_ROUTE, route);
        // The server-side rule: 4xx is the client's fault, not the server's.
        if (!(status >= 100 && status < 500)) span.setStatus({ code: SpanStatusCode.ERROR });
        if (errorType !== undefined) span.setAttribute(ATTR_ERROR_TYPE, errorType);
        if (route) span.updateName(`${pending.req.method || 'GET'} ${route}`);
      }
      const attributes = this.metricAttributes(pending);
      if (route !== undefined) attributes[ATTR_HTTP_ROUTE] = route;
      if (status) attributes[ATTR_HTTP_RESPONSE_STATUS_CODE] = status;
      if (errorType !== undefined) attributes[ATTR_ERROR_TYPE] = errorType;
      this.close(pending, attributes);
    } catch (error) {
      diag.error('otel-stack http server tracing: could not complete a span', error);
      span.end();
    }
  }

  /** The handler threw synchronously, or the response emitted 'error': the error names the failure. */
  private fail(pending: Pending, thrown: unknown): void {
    if (pending.done) return;
    pending.done = true;
    try {
      const error = thrown instanceof Error ? thrown : new Error(String(thrown));
      const { span } = pending;
      pending.state.endHandler?.();
      span.setAttribute(ATTR_ERROR_TYPE, error.name);
      span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
      span.recordException(error);
      const attributes = this.metricAttributes(pending);
      attributes[ATTR_ERROR_TYPE] = error.name;
      this.close(pending, attributes);
    } catch (error) {
      diag.error('otel-stack http server tracing: could not record a failure', error);
      pending.span.end();
    }
  }

  private metricAttributes(pending: Pending): Attributes {
    const attributes: Attributes = {
      [ATTR_HTTP_REQUEST_METHOD]: normaliseMethod(pending.req.method),
      [ATTR_URL_SCHEME]: pending.scheme,
    };
    if (pending.req.httpVersion) attributes[ATTR_NETWORK_PROTOCOL_VERSION] = pending.req.httpVersion;
    return attributes;
  }

  private close(pending: Pending, attributes: Attributes): void {
    pending.span.end();
    this.duration.record((performance.now() - pending.startedAt) / 1000, attributes);
  }
}
