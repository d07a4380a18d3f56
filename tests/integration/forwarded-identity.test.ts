import { describe, expect, it } from 'vitest';
import { burst, request, uniquePrompt } from '../support/api.js';
import { asClient, signedAs } from '../support/clients.js';
import { canOverrideEnv } from '../support/stack.js';
import { useStack } from '../support/use-stack.js';

/** A bucket of a few bursts per client that hardly refills: every extra one is a 429. */
const CAPACITY = 3;

/** Rotating documentation addresses (RFC 5737, RFC 3849): what a forger would put in X-Forwarded-For. */
const forgedAddress = (i: number) => (i % 2 === 0 ? `203.0.113.${i % 250}` : `2001:db8:${i.toString(16)}::1`);

describe.skipIf(!canOverrideEnv())('only the gateway may speak for a client', () => {
  const stack = useStack({
    services: ['provider-sim', 'budget', 'web'],
    env: { budget: { BURST_RATE_CAPACITY: String(CAPACITY), BURST_RATE_REFILL_PER_SECOND: '0.01' } },
  });
  const body = () => ({ prompt: uniquePrompt('identity'), providers: ['gamma'] });

  it('when two issued clients burst through the gateway, then each has its own bucket and its own budget', async () => {
    const one = await asClient(stack, 'bucket-one');
    const two = await asClient(stack, 'bucket-two');
    const first = [];
    for (let i = 0; i <= CAPACITY; i += 1) first.push((await burst(stack.url('web'), body(), one)).status);
    expect(first).toEqual([...Array<number>(CAPACITY).fill(200), 429]);

    expect((await burst(stack.url('web'), body(), two)).status).toBe(200);
    const spentOne = await request(`${stack.url('web')}/api/v1/budget`, { headers: one });
    const spentTwo = await request(`${stack.url('web')}/api/v1/budget`, { headers: two });
    expect(spentOne.body.spentUsd).toBeGreaterThan(spentTwo.body.spentUsd);
    expect(spentTwo.body.spentUsd).toBeGreaterThan(0);
  });

  it('when a client without a key uses the gateway, then it is anonymous, known by its address, and unaffected by a forged header', async () => {
    const anonymous = await burst(stack.url('web'), body(), { 'x-client-identity': 'client:bucket-one' });
    // bucket-one's bucket is empty (the test before); the forged identity did not buy into it. The
    // address's own bucket is the one the next test exhausts.
    expect(anonymous.status).toBe(200);
  });

  it('when 300 bursts go straight to budget with rotating forged X-Forwarded-For and identity headers, then they are limited as one client', async () => {
    const answers = [];
    for (let batch = 0; batch < 10; batch += 1) {
      answers.push(
        ...(await Promise.all(
          Array.from({ length: 30 }, (_, i) => {
            const n = batch * 30 + i;
            return burst(stack.url('budget'), body(), {
              'x-forwarded-for': forgedAddress(n),
              'x-api-key': `forged-${n}`,
              'x-client-identity': `client:forged-${n}`,
              'x-client-identity-proof': `t=${Date.now()};s=${'A'.repeat(43)}`,
            });
          }),
        )),
      );
    }
    const passed = answers.filter((a) => a.status === 200).length;
    expect(answers.every((a) => a.status === 200 || a.status === 429)).toBe(true);
    // One bucket, the socket address's: its capacity at most (it hardly refills).
    expect(passed).toBeLessThanOrEqual(CAPACITY);
  });

  it('when a request to budget carries a valid gateway signature, then it counts against the client signed for', async () => {
    const signed = await burst(stack.url('budget'), body(), signedAs(stack, 'signed-client'));
    expect(signed.status).toBe(200);
    // The same client through the gateway sees that spend: one identity, whoever vouched for it.
    const viaGateway = await request(`${stack.url('web')}/api/v1/budget`, {
      headers: await asClient(stack, 'signed-client'),
    });
    expect(viaGateway.body.spentUsd).toBeCloseTo(signed.body.totalCostUsd, 5);
  });
});
