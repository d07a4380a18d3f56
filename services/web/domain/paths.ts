/**
 * Which request targets the gateway forwards. The upstream URL is the upstream's origin plus the path
 * as received, and fetch parses it as a WHATWG URL: that resolves `..` and `.` segments (`%2e` counts
 * as a dot) and reads `\` as `/`. A path that matched one upstream's prefix here could then name
 * another path there, so the gateway forwards only paths that parse to themselves, and refuses the rest
 * rather than rewrite them: a client that sends `..` has a bug or an intent, and neither is served.
 */

/** Refused anywhere in the path: `\` is a separator to the URL parser, `#` would end the path there. */
const UNSAFE_CHARACTERS = /[\\#]/;
/** A segment that decodes to one of these is a separator or a step out, written so we would miss it. */
const DOT_SEGMENTS = new Set(['.', '..']);
const ENCODED_SEPARATOR = /[/\\]/;

/** Why a request target may not be forwarded, or `undefined` when it may. */
export function pathProblem(target: string): string | undefined {
  const path = target.split('?', 1)[0] ?? '';
  // Only origin-form (RFC 9112 §3.2.1): an absolute URL or `*` would not append to the upstream's origin.
  if (!path.startsWith('/')) return 'the request target must be a path starting with /';
  if (UNSAFE_CHARACTERS.test(path)) return 'the path must not contain \\ or #';
  for (const segment of path.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return 'the path has a malformed percent-encoding';
    }
    if (DOT_SEGMENTS.has(decoded)) return 'the path must not contain . or .. segments, encoded or not';
    if (ENCODED_SEPARATOR.test(decoded)) return 'the path must not contain an encoded / or \\';
  }
  return undefined;
}
