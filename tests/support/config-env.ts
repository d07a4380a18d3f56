/**
 * `${env:NAME:-default}` references in the collector's and Jaeger's configs, read the way the
 * collector's confmap resolves them: the variable when set, else the default. Compose sets none of
 * them, so the static checks read each file with its defaults, which are the compose values.
 * `$$` is the config's escape for a literal `$` and is never a reference.
 */
const REFERENCE = /(\$\$)|\$\{env:([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/** The text with every reference replaced by the variable in `env`, else its default. */
export function withEnvDefaults(text: string, env: Record<string, string> = {}): string {
  return text.replace(REFERENCE, (whole, escaped: string | undefined, name: string, fallback?: string) => {
    if (escaped) return whole;
    const value = env[name] ?? fallback;
    if (value === undefined) throw new Error(`\${env:${name}} has no default and is not set`);
    return value;
  });
}

/** References that compose could not resolve: no default, so a container would start without a value. */
export function referencesWithoutDefault(text: string): string[] {
  return [...text.matchAll(REFERENCE)].flatMap((m) => (m[2] && m[3] === undefined ? [m[0]] : []));
}
