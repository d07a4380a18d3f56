import type { Context } from '@opentelemetry/api';
import { SpanKind } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import {
  ATTR_CLIENT_ADDRESS,
  ATTR_CLIENT_PORT,
  ATTR_NETWORK_PEER_ADDRESS,
  ATTR_NETWORK_PEER_PORT,
} from '@opentelemetry/semantic-conventions';

/**
 * On a SERVER span, the peer is the client: its address is personal data the stack never exports.
 * The older names are included for instrumentations still on the old HTTP conventions.
 */
const CLIENT_ADDRESS_ATTRIBUTES: readonly string[] = [
  ATTR_CLIENT_ADDRESS,
  ATTR_CLIENT_PORT,
  ATTR_NETWORK_PEER_ADDRESS,
  ATTR_NETWORK_PEER_PORT,
  'net.peer.ip',
  'net.peer.port',
  'net.sock.peer.addr',
  'net.sock.peer.port',
  'http.client_ip',
];

/**
 * Removes the client's address from every SERVER span before it ends, whichever instrumentation made
 * it: contrib's http instrumentation records `client.address` (from X-Forwarded-For, which anyone can
 * forge) and `network.peer.*` with no option to stop it. `onEnding` is the processor hook that runs
 * while the span can still change; the lean server instrumentation never records them at all.
 */
export class ClientAddressScrubber implements SpanProcessor {
  onStart(_span: Span, _parentContext: Context): void {}

  onEnding(span: Span): void {
    if (span.kind !== SpanKind.SERVER) return;
    const attributes = span.attributes as Record<string, unknown>;
    for (const name of CLIENT_ADDRESS_ATTRIBUTES) {
      if (name in attributes) delete attributes[name];
    }
  }

  onEnd(_span: ReadableSpan): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
