/**
 * Reliability item 40 across the whole suite: every line the application logger writes during any test is checked
 * for a full email address, a signed token, a webhook secret or signature, or a CAPTCHA secret. Lines that are not
 * the logger's (test output, CLI output) pass through untouched.
 */

/** What must never appear in a log line, with a name for the failure message. */
const LEAK_PATTERNS: ReadonlyArray<readonly [string, RegExp]> = [
  // Recert's signed tokens: base64url payload, a dot, a base64url HMAC (ADR 0011).
  ['a signed token', /[A-Za-z0-9_-]{24,}\.[A-Za-z0-9_-]{40,}/],
  ['a webhook secret', /whsec_[A-Za-z0-9+/=]{8,}/],
  ['a webhook signature', /v1,[A-Za-z0-9+/=]{20,}/],
  ['a Turnstile secret', /\b(?:0x4[A-Za-z0-9_-]{20,}|[123]x0{31}AA)\b/],
];

// The logger masks addresses as `s***@example.com`; any other address in a line is a leak.
const ADDRESS = /[^\s@<>()[\]"',;:]+@[^\s@<>()[\]"',;:]+\.[^\s@<>()[\]"',;:]+/g;

/** The reasons `line` leaks, empty when it is clean. */
export function leaksIn(line: string): string[] {
  const leaks = LEAK_PATTERNS.filter(([, pattern]) => pattern.test(line)).map(([name]) => name);
  for (const [address] of line.matchAll(ADDRESS)) {
    if (!address.split('@')[0]?.endsWith('***')) leaks.push(`a full email address (${address})`);
  }
  return leaks;
}

/** The application logger writes one JSON object per line: a log record or a CloudWatch EMF metric. */
function isLoggerLine(line: string): boolean {
  return line.startsWith('{"level":') || line.startsWith('{"_aws":');
}

export interface LogGuard {
  /** Leaks seen since the last call, each with its line; clears them. */
  takeLeaks(): string[];
}

/**
 * Wraps console.log/error/warn: logger lines are kept (not printed, keeping test output readable) and checked;
 * anything else goes to the original console. A test that spies on the console itself sees its lines first.
 */
export function installLogGuard(): LogGuard {
  let leaks: string[] = [];
  for (const method of ['log', 'error', 'warn'] as const) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) => {
      const [first] = args;
      if (args.length === 1 && typeof first === 'string' && isLoggerLine(first)) {
        for (const leak of leaksIn(first)) leaks.push(`${leak}: ${first}`);
        return;
      }
      original(...args);
    };
  }
  return {
    takeLeaks() {
      const taken = leaks;
      leaks = [];
      return taken;
    },
  };
}
