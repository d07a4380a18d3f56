import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { haproxyConfig, type BalancedService } from './haproxy-config.js';
import { waitFor } from './wait-for.js';

const HINT = 'haproxy could not start (Debian: apt-get install haproxy)';

/**
 * HAProxy (from Debian's package) in front of the replicated services, run in the foreground from a
 * configuration written to a temporary folder. HAProxy rather than nginx: its open-source build
 * health-checks upstreams actively (nginx's needs the commercial edition for that), which is what
 * takes a draining replica out of rotation before it stops.
 */
export class Balancer {
  private exited = false;
  private spawnError: Error | undefined;

  private constructor(
    private readonly child: ChildProcess,
    private readonly dir: string,
    readonly services: readonly BalancedService[],
  ) {
    child.once('exit', () => (this.exited = true));
    child.once('error', () => (this.spawnError = new Error(HINT)));
  }

  static async start(
    services: readonly BalancedService[],
    output: 'pipe' | 'ignore' = 'ignore',
  ): Promise<Balancer> {
    const dir = mkdtempSync(join(tmpdir(), 'otel-stack-haproxy-'));
    const config = join(dir, 'haproxy.cfg');
    writeFileSync(config, haproxyConfig(services));
    // Debian installs it in /usr/sbin, which a user's PATH often lacks.
    const env = { ...process.env, PATH: `${process.env.PATH ?? ''}:/usr/sbin:/usr/local/sbin` };
    const child = spawn('haproxy', ['-db', '-f', config], { env, stdio: ['ignore', output, output] });
    const balancer = new Balancer(child, dir, services);
    // Listening once every frontend answers HTTP (503 while no replica is ready yet counts).
    await waitFor(
      async () => {
        const answers = await Promise.all(
          services.map((s) =>
            fetch(`http://127.0.0.1:${s.port}/healthz`).then(
              () => true,
              () => false,
            ),
          ),
        );
        return answers.every(Boolean) ? true : undefined;
      },
      {
        what: 'haproxy to listen',
        timeoutMs: 10_000,
        giveUp: () =>
          balancer.spawnError?.message ?? (balancer.exited ? `haproxy exited; see ${config}` : undefined),
      },
    );
    return balancer;
  }

  get process(): ChildProcess {
    return this.child;
  }

  async stop(): Promise<void> {
    if (!this.exited && !this.spawnError) {
      const gone = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      await gone;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
