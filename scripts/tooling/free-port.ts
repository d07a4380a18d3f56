import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Whether `port` (0: any) can be bound on loopback now; resolves with the port bound, or undefined. */
function tryPort(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : undefined;
      server.close(() => resolve(bound));
    });
  });
}

/**
 * Ports below the kernel's ephemeral range: a port from inside it may be taken, between our check and
 * the child's listen, by any outgoing connection on the machine, and tests and benchmarks make
 * thousands. Undefined where the range cannot be read (not Linux).
 */
function belowEphemeral(): { from: number; to: number } | undefined {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    const to = Number(low);
    return to > 20_000 ? { from: 20_000, to } : undefined;
  } catch {
    return undefined;
  }
}

/** Ports this process handed out: a caller may not have started their listener yet. */
const handedOut = new Set<number>();

/** A loopback port free right now, never handed out before by this process, for a process started next. */
export async function freePort(): Promise<number> {
  const range = belowEphemeral();
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const candidate = range ? range.from + Math.floor(Math.random() * (range.to - range.from)) : 0;
    if (handedOut.has(candidate)) continue;
    const port = await tryPort(candidate);
    if (port && !handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error('no free port on 127.0.0.1');
}
