import http from 'node:http';
import { context, diag, type Context } from '@opentelemetry/api';

/** Told of the response's `close` and `error` before its listeners are. */
export interface ResponseObserver {
  onClose(): void;
  onError(error: unknown): void;
}

interface Binding {
  ctx: Context;
  observer?: ResponseObserver;
}

type Emit = (this: object, event: string | symbol, ...args: unknown[]) => boolean;

// Set on each traced request and response; read by the shared emit below.
const BINDING = Symbol('otel-stack.request.binding');
type Bound = { [BINDING]?: Binding };

/**
 * Makes the listeners of a traced request and response (a body parser's `end`, `finish`) run in the
 * request's context, whatever context the socket emits them from. It patches `emit` once on the
 * IncomingMessage and ServerResponse prototypes and reads the context from a symbol on the object:
 * wrapping `emit` on each instance, or each listener as `context.bind` does, changes the shape of
 * every request and response and was measured to cost more than the rest of the tracing together.
 */
export class RequestEmitters {
  private readonly restore: Array<() => void> = [];

  enable(): void {
    if (this.restore.length > 0) return;
    for (const proto of [http.IncomingMessage.prototype, http.ServerResponse.prototype]) {
      const target = proto as unknown as { emit: Emit };
      const original = target.emit;
      target.emit = boundEmit(original);
      this.restore.push(() => {
        target.emit = original;
      });
    }
  }

  disable(): void {
    for (const undo of this.restore.splice(0)) undo();
  }
}

export function bindRequest(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  ctx: Context,
  observer: ResponseObserver,
): void {
  (req as Bound)[BINDING] = { ctx };
  (res as Bound)[BINDING] = { ctx, observer };
}

function boundEmit(original: Emit): Emit {
  return function emit(this: Bound, event: string | symbol): boolean {
    const binding = this[BINDING];
    if (binding === undefined) {
      // eslint-disable-next-line prefer-rest-params -- passed on as is, without copying
      return Reflect.apply(original, this, arguments) as boolean;
    }
    if (binding.observer && (event === 'close' || event === 'error')) {
      try {
        if (event === 'close') binding.observer.onClose();
        // eslint-disable-next-line prefer-rest-params -- the error of an 'error' event
        else binding.observer.onError(arguments[1]);
      } catch (error) {
        diag.error('otel-stack http server tracing: a response observer failed', error);
      }
    }
    // eslint-disable-next-line prefer-rest-params -- passed on as is, without copying
    if (context.active() === binding.ctx) return Reflect.apply(original, this, arguments) as boolean;
    // eslint-disable-next-line prefer-rest-params -- passed on as is, without copying
    return context.with(binding.ctx, Reflect.apply, undefined, original, this, arguments) as boolean;
  };
}
