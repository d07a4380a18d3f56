import type { Redis } from 'ioredis';
import { isRedisUnavailable } from './unavailable.js';

/** What the gate needs of a circuit. */
export interface CommandGate {
  admits(commandName: string): boolean;
  answered(): void;
  unanswered(): void;
}

/** Thrown for a command the open circuit refused; `isRedisUnavailable` knows it, so callers fall back. */
export class RedisCircuitOpenError extends Error {
  constructor() {
    super('Redis circuit open: command not sent');
    this.name = 'RedisCircuitOpenError';
  }
}

interface GatedCommand {
  name: string;
  promise: Promise<unknown>;
  reject(error: Error): void;
}

type SendCommand = (this: Redis, command: GatedCommand, ...rest: unknown[]) => Promise<unknown>;

/**
 * Wraps the client's `sendCommand`, which every command goes through (pipelines, MULTI and scripts
 * included). A refused command is rejected the way ioredis rejects one while disconnected, without
 * writing, so a pipeline refused as a whole stays consistent. The gate applies only while the
 * connection is ready: the handshake's own commands (HELLO, INFO, CLIENT SETNAME) always pass.
 */
export function gateCommands(client: Redis, gate: CommandGate): void {
  const instance = client as unknown as { sendCommand: SendCommand };
  // The instance's own sendCommand if one was installed (see createPipelinedRedis), else the prototype's.
  const send = instance.sendCommand;
  instance.sendCommand = function sendCommand(this: Redis, command: GatedCommand, ...rest: unknown[]) {
    if (this.status === 'ready' && !gate.admits(command.name)) {
      command.reject(new RedisCircuitOpenError());
      return command.promise;
    }
    const reply = send.call(this, command, ...rest);
    reply.then(
      () => gate.answered(),
      (error: unknown) => {
        // A reply error (WRONGTYPE, NOSCRIPT) is Redis answering; only silence counts against it.
        if (isRedisUnavailable(error)) gate.unanswered();
        else gate.answered();
      },
    );
    return reply;
  };
}
