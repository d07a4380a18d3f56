/**
 * Whether an error means Redis could not be reached (as opposed to a bad command): such a failure is
 * the server's dependency being away, answered 503, not a 500 that suggests a bug.
 */
const UNAVAILABLE = [
  /enableOfflineQueue options is false/,
  /Connection is closed/,
  /Command timed out/,
  // The Redis circuit refused the command without sending it (see gate.ts).
  /Redis circuit open/,
  /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT/,
];

export function isRedisUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'MaxRetriesPerRequestError') return true;
  return UNAVAILABLE.some((pattern) => pattern.test(error.message));
}
