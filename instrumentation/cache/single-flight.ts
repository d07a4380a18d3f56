/**
 * At most one flight per key at a time: the first caller starts it, later callers join it until it
 * settles. Stampede protection for getOrSet, so a missing key costs one factory run per process.
 */
export class SingleFlight<F> {
  private readonly flights = new Map<string, F>();

  /**
   * Joins the flight for `key`, or starts one with `start`, which returns the flight and a promise that
   * settles when the flight is over (resolved or rejected); only then can a new flight for the key start.
   */
  join(key: string, start: () => { flight: F; done: Promise<unknown> }): { flight: F; leader: boolean } {
    const existing = this.flights.get(key);
    if (existing !== undefined) return { flight: existing, leader: false };
    const { flight, done } = start();
    this.flights.set(key, flight);
    const forget = () => {
      if (this.flights.get(key) === flight) this.flights.delete(key);
    };
    done.then(forget, forget);
    return { flight, leader: true };
  }

  get size(): number {
    return this.flights.size;
  }
}
