import type { Logger } from '../logger.js';

/**
 * Logs a dependency's outage once when it starts and once when it ends, however many calls fail in
 * between: a log line per failed call would bury everything else while Redis is away.
 */
export class OutageLog {
  #down = false;

  constructor(
    private readonly logger: Logger | undefined,
    private readonly messages: { down: string; up: string },
    private readonly fields: Record<string, unknown> = {},
  ) {}

  get down(): boolean {
    return this.#down;
  }

  failed(error: unknown): void {
    if (this.#down) return;
    this.#down = true;
    const err = error instanceof Error ? error.message : String(error);
    this.logger?.warn({ ...this.fields, err }, this.messages.down);
  }

  recovered(): void {
    if (!this.#down) return;
    this.#down = false;
    this.logger?.info(this.fields, this.messages.up);
  }
}
