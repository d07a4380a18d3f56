import { Redis } from 'ioredis';

/** What a Redis command served, told by its key's prefix (see each owner's key names). */
const OWNERS: ReadonlyArray<[RegExp, string]> = [
  [/^rl:/, 'rate-limit'],
  [/^budget:spend:/, 'ledger'],
  [/^cache:/, 'cache'],
  [/^burst:flight:/, 'flight'],
  [/^budget:(recent|volume):/, 'activity'],
];

export interface MonitoredCommand {
  at: number;
  connection: string;
  name: string;
  key: string | undefined;
}

export interface CallCounts {
  /** Commands as Redis executed them, MULTI and EXEC included, script-internal calls excluded. */
  commands: number;
  /** Network exchanges: a MULTI ... EXEC block sent in one write counts once. */
  roundTrips: number;
  /** Round trips by owner, and by the connection (client name) that sent them. */
  byOwner: Record<string, number>;
  byConnection: Record<string, number>;
}

function keyOf(args: string[]): string | undefined {
  const name = args[0]?.toLowerCase();
  // EVAL/EVALSHA: script, numkeys, then the keys.
  if (name === 'eval' || name === 'evalsha') return args[3];
  return args[1];
}

function ownerOf(key: string | undefined): string {
  return OWNERS.find(([pattern]) => key !== undefined && pattern.test(key))?.[1] ?? 'other';
}

/** Counts commands and round trips, a MULTI block attributed to the owner of its first keyed command. */
export function countCalls(commands: readonly MonitoredCommand[]): CallCounts {
  const counts: CallCounts = { commands: commands.length, roundTrips: 0, byOwner: {}, byConnection: {} };
  // Connections inside a MULTI block, and whether that block has been counted yet.
  const blocks = new Map<string, boolean>();
  const add = (owner: string, connection: string) => {
    counts.roundTrips += 1;
    counts.byOwner[owner] = (counts.byOwner[owner] ?? 0) + 1;
    counts.byConnection[connection] = (counts.byConnection[connection] ?? 0) + 1;
  };
  for (const { connection, name, key } of commands) {
    if (name === 'multi') blocks.set(connection, false);
    else if (name === 'exec') blocks.delete(connection);
    else if (!blocks.has(connection)) add(ownerOf(key), connection);
    else if (blocks.get(connection) === false && key !== undefined) {
      blocks.set(connection, true);
      add(ownerOf(key), connection);
    }
  }
  return counts;
}

/**
 * A MONITOR connection that records every command other clients send, named by their connection names
 * (CLIENT SETNAME), so the bench can count what one request costs in Redis. Script-internal calls
 * (source `lua`) are left out: they are not round trips.
 */
export class RedisMonitor {
  readonly commands: MonitoredCommand[] = [];
  private names = new Map<string, string>();

  private constructor(
    private readonly admin: Redis,
    private readonly monitor: Redis,
  ) {}

  static async start(url: string): Promise<RedisMonitor> {
    const admin = new Redis(url, { maxRetriesPerRequest: 1 });
    const monitor = await admin.monitor();
    const recorder = new RedisMonitor(admin, monitor);
    monitor.on('monitor', (_time: string, args: string[], source: string) => {
      if (source === 'lua' || !args[0]) return;
      const name = args[0].toLowerCase();
      recorder.commands.push({ at: performance.now(), connection: source, name, key: keyOf(args) });
    });
    return recorder;
  }

  /** Reads the connection names; call after the clients of interest have connected. */
  async learnNames(): Promise<void> {
    const list = (await this.admin.call('CLIENT', 'LIST')) as string;
    for (const line of list.split('\n')) {
      const addr = /addr=(\S+)/.exec(line)?.[1];
      const name = /name=(\S*)/.exec(line)?.[1];
      if (addr && name) this.names.set(addr, name);
    }
  }

  /** The commands recorded from `since` (performance.now()), each with its connection's name. */
  since(since: number): MonitoredCommand[] {
    return this.commands
      .filter((c) => c.at >= since)
      .map((c) => ({ ...c, connection: this.names.get(c.connection) ?? c.connection }));
  }

  stop(): void {
    this.monitor.disconnect();
    this.admin.disconnect();
  }
}
