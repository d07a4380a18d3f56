/** Paths of liveness and readiness probes: polled every few seconds, they would drown real traces. */
const PROBE_PATHS: readonly string[] = ['/healthz', '/readyz'];

export function isProbePath(url: string | undefined): boolean {
  if (!url) return false;
  const path = url.split('?', 1)[0];
  return PROBE_PATHS.includes(path ?? '');
}
