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
