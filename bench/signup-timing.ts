/**
 * Issue 12, case 5 as figures, not a test (timed assertions are banned on this shared machine): does the response
 * time of sign-up and "email me my link" tell which path an address took? Through the real handlers against dynalite
 * and the SES emulator, interleaved, one request at a time, each address used once:
 * - sign-up: a new address (a send) against a registered one (a send), a suppressed one and one already emailed in
 *   the last 24 h (no send);
 * - status link: a confirmed trainer's address (a send) against an unknown, a bounced and an already-answered one.
 * Each gap is the difference of medians (target < 5 ms). Beside it, in the same run, the same use cases called
 * without the response floor (`-unpadded`): the gap the floor hides, i.e. what the handlers answered before ADR 0024.
 * Prints, never asserts.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseConfig } from '../functions/common/config.js';
import { registerSignup } from '../functions/features/signup/register-signup.js';
import { requestStatusLink } from '../functions/features/signup/request-status-link.js';
import { handler as requestStatusLinkHandler } from '../functions/http/request-status-link.js';
import { handler as submitSignup } from '../functions/http/submit-signup.js';
import { buildDependencies } from '../functions/wiring/dependencies.js';
import { buildMailingDependencies, type MailingDependencies } from '../functions/wiring/mailing-dependencies.js';
import { type LocalAws, startLocalAws } from '../test/helpers/local-aws.js';
import { HOUR, PROFILE, postJson, signupBody, T0 } from '../test/integration/http/http-helpers.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
/** Every request answers no sooner than the floor (300 ms), so rounds are few: 40 × 8 padded requests ≈ 2 minutes. */
const ROUNDS = Number(process.env.RECERT_BENCH_INTAKE_ROUNDS ?? 40);
/** Rounds before timing: cold-start work (clients, config, first connections) is not what case 5 is about. */
const WARMUP = 5;
const SIGNUP_KINDS = ['new', 'registered', 'suppressed', 'pending'] as const;
const LINK_KINDS = ['known', 'unknown', 'suppressed', 'asked'] as const;
type SignupKind = (typeof SIGNUP_KINDS)[number];
type LinkKind = (typeof LINK_KINDS)[number];
type Mode = 'padded' | 'unpadded';

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

const round1 = (ms: number) => Math.round(ms * 10) / 10;

let addresses = 0;

async function confirmedTrainer(aws: LocalAws, email: string): Promise<void> {
  const trainerId = `t_bench${addresses}`;
  const now = new Date(T0 - 30 * 24 * HOUR);
  await aws.repositories.emailClaims.claim(email, trainerId, now);
  await aws.repositories.trainers.create({
    trainerId,
    email,
    name: 'Kept Name',
    profile: { credentials: [{ code: 'ACE-CPT', expiresOn: '2027-08-31' }], activities: [] },
    nextReminderOn: '2027-03-04',
    now,
  });
}

/** A fresh address in the state `kind` names: each is used once, as a repeat would take another path. */
async function signupAddress(aws: LocalAws, unpadded: MailingDependencies, kind: SignupKind): Promise<string> {
  const email = `signup-${kind}${++addresses}@example.com`;
  if (kind === 'registered') await confirmedTrainer(aws, email);
  if (kind === 'suppressed') await aws.repositories.suppressions.add(email, 'complaint', new Date(T0 - HOUR));
  // Emailed an hour ago: the next submission within the day sends nothing.
  if (kind === 'pending') await registerSignup(unpadded, signup(email), new Date(T0 - HOUR));
  return email;
}

async function linkAddress(aws: LocalAws, kind: LinkKind): Promise<string> {
  const email = `link-${kind}${++addresses}@example.com`;
  if (kind !== 'unknown') await confirmedTrainer(aws, email);
  if (kind === 'suppressed') await aws.repositories.suppressions.add(email, 'bounce', new Date(T0 - HOUR));
  if (kind === 'asked') await aws.repositories.statusLinkRequests.claim(email, new Date(T0 - 10 * 60_000));
  return email;
}

const signup = (email: string) => ({ email, name: 'Sam Lee', profile: PROFILE });
/** One client address per request: the per-network limit (10 per 10 minutes) is not what is measured here. */
const sourceIp = () => `198.18.${(addresses >> 8) & 255}.${addresses & 255}`;

/**
 * dynalite runs in this process: the arranging writes just before a request can leave work on the event loop that
 * would land inside the timed request, more for the kinds whose arrangement writes more. Let it finish first.
 */
const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

async function timed(work: () => Promise<unknown>): Promise<number> {
  await settle();
  const started = performance.now();
  await work();
  return performance.now() - started;
}

async function timeSignup(email: string, mode: Mode, unpadded: MailingDependencies): Promise<number> {
  if (mode === 'unpadded') return timed(() => registerSignup(unpadded, signup(email), new Date(T0)));
  return timed(async () => {
    const response = await postJson(submitSignup, signupBody(email), { timeEpoch: T0, sourceIp: sourceIp() });
    if (response.statusCode !== 202) throw new Error(`sign-up answered ${response.statusCode}: ${response.body}`);
  });
}

async function timeLink(email: string, mode: Mode, unpadded: MailingDependencies): Promise<number> {
  if (mode === 'unpadded') return timed(() => requestStatusLink(unpadded, email, new Date(T0)));
  return timed(async () => {
    const response = await postJson(requestStatusLinkHandler, { email }, { timeEpoch: T0, sourceIp: sourceIp() });
    if (response.statusCode !== 202) throw new Error(`status link answered ${response.statusCode}: ${response.body}`);
  });
}

type Samples<K extends string> = Record<Mode, Record<K, number[]>>;

function emptySamples<K extends string>(kinds: readonly K[]): Samples<K> {
  const perKind = () => Object.fromEntries(kinds.map((kind) => [kind, [] as number[]])) as Record<K, number[]>;
  return { padded: perKind(), unpadded: perKind() };
}

function gaps<K extends string>(
  prefix: string,
  samples: Samples<K>,
  baseline: K,
  others: readonly K[],
): Array<{ name: string; value: number; unit: string }> {
  return others.flatMap((kind) =>
    (['padded', 'unpadded'] as const).map((mode) => ({
      name: `${prefix}-timing-gap-${kind}-vs-${baseline}-median${mode === 'unpadded' ? '-unpadded' : ''}`,
      value: round1(Math.abs(median(samples[mode][kind]) - median(samples[mode][baseline]))),
      unit: 'ms',
    })),
  );
}

export async function benchSignupTiming(): Promise<Array<{ name: string; value: number; unit: string }>> {
  const aws = await startLocalAws();
  try {
    const deps = await buildMailingDependencies(await buildDependencies(parseConfig(process.env)));
    // The same use cases with no floor: what the timing gives away when nothing pads it.
    const unpadded: MailingDependencies = { ...deps, intakeFloor: { ...deps.intakeFloor, minimumMs: 0 } };
    const signups = emptySamples(SIGNUP_KINDS);
    const links = emptySamples(LINK_KINDS);
    for (let round = 0; round < WARMUP + ROUNDS; round++) {
      // Interleaved, so drift in machine load touches every kind and mode alike.
      for (const mode of ['padded', 'unpadded'] as const) {
        for (const kind of SIGNUP_KINDS) {
          const elapsed = await timeSignup(await signupAddress(aws, unpadded, kind), mode, unpadded);
          if (round >= WARMUP) signups[mode][kind].push(elapsed);
        }
        for (const kind of LINK_KINDS) {
          const elapsed = await timeLink(await linkAddress(aws, kind), mode, unpadded);
          if (round >= WARMUP) links[mode][kind].push(elapsed);
        }
      }
    }
    return [
      { name: 'signup-median-new-address', value: round1(median(signups.padded.new)), unit: 'ms' },
      ...gaps('signup', signups, 'new', ['suppressed', 'registered', 'pending']),
      { name: 'status-link-median-known-address', value: round1(median(links.padded.known)), unit: 'ms' },
      ...gaps('status-link', links, 'known', ['unknown', 'suppressed', 'asked']),
    ];
  } finally {
    await aws.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const { name, value, unit } of await benchSignupTiming()) console.log(`${name}: ${value} ${unit}`);
}
