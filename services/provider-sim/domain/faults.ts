import { badRequest, numberField, requiredString, type Fields } from '../../../instrumentation/index.js';

/** A fault injected into one provider: a share of calls fails with `status`, every call waits `latencyMs` more. */
export interface Fault {
  provider: string;
  errorRate: number;
  latencyMs: number;
  status: number;
}

export class FaultTable {
  private readonly faults = new Map<string, Fault>();

  set(fault: Fault): void {
    this.faults.set(fault.provider, fault);
  }

  get(provider: string): Fault | undefined {
    return this.faults.get(provider);
  }

  list(): Fault[] {
    return [...this.faults.values()];
  }

  clear(provider?: string): void {
    if (provider) this.faults.delete(provider);
    else this.faults.clear();
  }
}

/**
 * A fault from `PUT /admin/faults`: a known provider; a share of calls from 0 to 1 (all by default),
 * added latency up to a minute, and an error status from 400 to 599 (503 by default).
 */
export function parseFault(body: Fields, providerNames: readonly string[]): Fault {
  const provider = requiredString(body, 'provider');
  if (!providerNames.includes(provider)) {
    throw badRequest(`provider must be one of ${providerNames.join(', ')}`, { field: 'provider' });
  }
  return {
    provider,
    errorRate: numberField(body, 'errorRate', { min: 0, max: 1, fallback: 1 })!,
    latencyMs: numberField(body, 'latencyMs', { min: 0, max: 60_000, integer: true, fallback: 0 })!,
    status: numberField(body, 'status', { min: 400, max: 599, integer: true, fallback: 503 })!,
  };
}

/** Whether a call fails: `roll` is uniform in [0, 1), so an error rate of 1 fails every call and 0 none. */
export function strikes(fault: Fault, roll: number): boolean {
  return roll < fault.errorRate;
}
