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

/**
 * The application writes one JSON object per line: a Powertools log record (our formatter puts `level` first) or a
 * CloudWatch EMF metric.
 */
function isLoggerLine(line: string): boolean {
  return line.startsWith('{"level":') || line.startsWith('{"_aws":');
}

export interface LogGuard {
  /** Leaks seen since the last call, each with its line; clears them. */
  takeLeaks(): string[];
}

/** Where the logger lines of a running `recordLoggerLines` go, besides the check. */
const recordings = new Set<string[]>();

/**
 * Every logger line written from now on (they are still checked, and still not printed), for a test that asserts
 * what a handler logged or counted. Call `stop()` when done.
 */
export function recordLoggerLines(): { readonly lines: readonly string[]; stop(): void } {
  const lines: string[] = [];
  recordings.add(lines);
  return { lines, stop: () => void recordings.delete(lines) };
}

type Write = typeof process.stdout.write;

/**
 * Powertools writes through its own `Console` on process.stdout/stderr (not the global console, which vitest
 * replaces), so the guard wraps the streams' `write`: each chunk is split into lines, logger lines are kept (not
 * printed, keeping test output readable) and checked, and any other output goes to the stream untouched. The global
 * console is wrapped the same way for anything that still logs through it.
 */
export function installLogGuard(): LogGuard {
  let leaks: string[] = [];
  /** True when `line` is the logger's: then it is checked and recorded, and must not be printed. */
  const capture = (line: string): boolean => {
    if (!isLoggerLine(line)) return false;
    for (const leak of leaksIn(line)) leaks.push(`${leak}: ${line}`);
    for (const recording of recordings) recording.push(line);
    return true;
  };

  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream) as Write;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      const text = typeof chunk === 'string' ? chunk : chunk instanceof Uint8Array ? Buffer.from(chunk).toString() : '';
      const lines = text.split('\n');
      const endsLine = lines.at(-1) === '';
      if (endsLine) lines.pop();
      const kept = lines.filter((line) => !capture(line));
      if (kept.length === lines.length) return original(chunk as string, ...(rest as []));
      if (kept.length === 0) {
        const callback = rest.find((argument) => typeof argument === 'function') as (() => void) | undefined;
        callback?.();
        return true;
      }
      return original(kept.join('\n') + (endsLine ? '\n' : ''), ...(rest as []));
    }) as Write;
  }

  for (const method of ['log', 'error', 'warn'] as const) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) => {
      const [first] = args;
      if (args.length === 1 && typeof first === 'string' && capture(first)) return;
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
