import CircuitBreaker from 'opossum';

/** An error carrying a 4xx status is the client's fault: opossum counts it as a success. */
export function isClientError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { status, statusCode } = error as { status?: unknown; statusCode?: unknown };
  const code = typeof status === 'number' ? status : statusCode;
  return typeof code === 'number' && code >= 400 && code < 500;
}

export function opossumCode(error: unknown): string | undefined {
  if (!(error instanceof Error) || !CircuitBreaker.isOurError(error)) return undefined;
  return (error as Error & { code?: string }).code;
}
