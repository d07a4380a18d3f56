import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startStack, type Stack, type StackOptions } from './stack.js';

/**
 * The stack for the enclosing describe block: started before its first test, closed after its last,
 * and its logs printed when one of its tests fails. `options` may be a function, read when the stack
 * starts, for settings that only exist once earlier hooks have run.
 */
export function useStack(options: StackOptions | (() => StackOptions) = {}): Stack {
  let stack: Stack | undefined;
  const started = (): Stack => {
    if (!stack) throw new Error('the stack is used outside a test, or it failed to start');
    return stack;
  };

  beforeAll(async () => {
    stack = await startStack(typeof options === 'function' ? options() : options);
  });
  afterAll(async () => {
    await stack?.close();
  });
  beforeEach(({ onTestFailed }) => {
    onTestFailed(() => console.log(stack?.logs() ?? 'the stack did not start'));
  });

  return {
    url: (service) => started().url(service),
    get secrets() {
      return started().secrets;
    },
    get redisUrl() {
      return started().redisUrl;
    },
    get traces() {
      return started().traces;
    },
    get metrics() {
      return started().metrics;
    },
    stopService: (service) => started().stopService(service),
    startService: (service) => started().startService(service),
    stopRedis: () => started().stopRedis(),
    startRedis: () => started().startRedis(),
    freezeRedis: () => started().freezeRedis(),
    thawRedis: () => started().thawRedis(),
    close: () => started().close(),
    logs: () => started().logs(),
    everythingEmitted: () => started().everythingEmitted(),
    replicas: (service) => started().replicas(service),
  };
}
