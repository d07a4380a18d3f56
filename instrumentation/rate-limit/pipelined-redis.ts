import { context, type Context } from '@opentelemetry/api';
import { Pipeline, type Redis } from 'ioredis';
import type { RedisCircuit } from '../redis/circuit.js';
import { createRedis } from '../redis/client.js';

const CONTEXT = Symbol('otel-stack.redis.command-context');

interface QueuedCommand {
  [CONTEXT]?: Context;
}

type SendCommand = (this: unknown, command: QueuedCommand, ...rest: unknown[]) => unknown;

let capturing = false;

/**
 * Remembers, on each command queued in a pipeline, the context it was queued in. An auto-pipeline is
 * sent from a setImmediate in the context of the tick's first command, so without this every Redis
 * span of a batch would sit under that one request.
 */
function captureQueueContext(): void {
  if (capturing) return;
  capturing = true;
  const proto = Pipeline.prototype as unknown as { sendCommand: SendCommand };
  const original = proto.sendCommand;
  proto.sendCommand = function sendCommand(this: unknown, command: QueuedCommand, ...rest: unknown[]) {
    if (command !== null && typeof command === 'object') command[CONTEXT] = context.active();
    return original.call(this, command, ...rest);
  };
}

/**
 * A Redis client for one decision per request: ioredis auto-pipelining sends the commands of one
 * event-loop tick in a single write, so a busy limiter pays one loopback write per tick instead of one
 * per request (that write dominated the cost of a decision, as the bench measured). Each command still runs, and is
 * traced, in the context of the request that made it: the client's own sendCommand restores that
 * context before handing the command to the (instrumented) prototype's.
 *
 * Sending at once while no other command is in flight was tried too: 0.02 ms less unloaded latency,
 * 8% less throughput under load.
 */
export function createPipelinedRedis(
  url: string,
  name: string,
  options: { commandTimeoutMs: number; circuit: RedisCircuit | undefined },
): Redis {
  captureQueueContext();
  const client = createRedis(url, name, {
    enableAutoPipelining: true,
    commandTimeout: options.circuit?.options.commandTimeoutMs ?? options.commandTimeoutMs,
  });
  const instance = client as unknown as { sendCommand: SendCommand };
  instance.sendCommand = function sendCommand(this: unknown, command: QueuedCommand, ...rest: unknown[]) {
    // Looked up per call: the tracing instrumentation may wrap the prototype's after this client exists.
    const send = (Object.getPrototypeOf(this) as { sendCommand: SendCommand }).sendCommand;
    const queuedIn = command?.[CONTEXT];
    if (queuedIn === undefined) return send.call(this, command, ...rest);
    return context.with(queuedIn, send, this, command, ...rest);
  };
  // Gated outside the context restoring, so a refused command costs nothing at all.
  return options.circuit ? options.circuit.gate(client) : client;
}
