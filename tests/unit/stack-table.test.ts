import { describe, expect, it } from 'vitest';
import { newStackSecrets, serviceEnvironment, STACK_SERVICES } from '../../scripts/stack-definition.js';

const portOf = (name: string) => STACK_SERVICES.find((s) => s.name === name)?.port;
const urlOf = (name: string) => `http://${name}:${portOf(name)}`;

describe('the stack table against the services themselves', () => {
  for (const service of STACK_SERVICES) {
    it(`when ${service.name} reads the environment the table derives for it, then it starts on the table's port`, async () => {
      const { readConfig } = (await import(`../../services/${service.name}/config.ts`)) as {
        readConfig: (env: NodeJS.ProcessEnv) => { port: number; serviceName: string };
      };
      // No PORT: the service's own default must be the contract port the table, compose and README give.
      const config = readConfig(serviceEnvironment(service, urlOf, 'redis://redis:6379', newStackSecrets()));
      expect(config.port).toBe(service.port);
      expect(config.serviceName).toBe(service.name);
    });
  }
});
