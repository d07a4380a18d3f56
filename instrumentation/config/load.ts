import { ConfigError } from './env.js';

/**
 * Runs a service's config reader; a bad value stops start-up with one line naming the variable and a
 * non-zero exit, not a stack trace.
 */
export function loadConfigOrExit<T>(read: (env: NodeJS.ProcessEnv) => T, env = process.env): Readonly<T> {
  try {
    return Object.freeze(read(env));
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`otel-stack: invalid configuration: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
