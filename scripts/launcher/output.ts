import type { ChildProcess } from 'node:child_process';

export function log(message: string): void {
  process.stdout.write(`otel-stack: ${message}\n`);
}

/** Prefixes each line of a child's output with its name, like docker compose does. */
export function pipeOutput(name: string, child: ChildProcess): void {
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream?.on('data', (chunk: Buffer) => {
      const lines = (rest + chunk.toString('utf8')).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) process.stdout.write(`${name.padEnd(12)} | ${line}\n`);
    });
  }
}
