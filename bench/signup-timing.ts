/**
 * Reliability item 29 as a figure, not a test (timed assertions are banned on this shared machine): the sign-up
 * route's median latency for a new address against an address already registered, interleaved, through the real
 * handler against dynalite and the SES emulator. Target: the medians differ by < 50 ms. Also printed: a suppressed
 * address, which is answered without sending anything. Prints, never asserts.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { handler as submitSignup } from '../functions/http/submit-signup.js';
import { type LocalAws, startLocalAws } from '../test/helpers/local-aws.js';
import { postJson, signupBody, T0 } from '../test/integration/http/http-helpers.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const TRIALS_PER_KIND = 200;
/** Rounds before timing: cold-start work (clients, config, first connections) is not what item 29 is about. */
const WARMUP = 20;
const KINDS = ['new', 'registered', 'suppressed'] as const;
type Kind = (typeof KINDS)[number];

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Each address is used once: a second sign-up within 24 h is throttled and would answer faster for that reason. */
async function arrangeAddress(aws: LocalAws, kind: Kind, n: number): Promise<string> {
  const email = `${kind}${n}@example.com`;
  const now = new Date(T0 - 30 * 86_400_000);
  if (kind === 'registered') {
    await aws.repositories.emailClaims.claim(email, `t_bench${n}`, now);
    await aws.repositories.trainers.create({
      trainerId: `t_bench${n}`,
      email,
      name: 'Kept Name',
      profile: { credentials: [{ code: 'ACE-CPT', expiresOn: '2027-08-31' }], activities: [] },
      nextReminderOn: '2027-03-04',
      now,
    });
  }
  if (kind === 'suppressed') await aws.repositories.suppressions.add(email, 'complaint', now);
  return email;
}

async function timeSignup(email: string): Promise<number> {
  const started = performance.now();
  const response = await postJson(submitSignup, signupBody(email), { timeEpoch: T0 });
  const elapsed = performance.now() - started;
  if (response.statusCode !== 202) throw new Error(`sign-up answered ${response.statusCode}: ${response.body}`);
  return elapsed;
}

export async function benchSignupTiming(): Promise<Array<{ name: string; value: number; unit: string }>> {
  const aws = await startLocalAws();
  try {
    const samples: Record<Kind, number[]> = { new: [], registered: [], suppressed: [] };
    for (let round = 0; round < WARMUP + TRIALS_PER_KIND; round++) {
      // Interleaved, so drift in machine load touches every kind alike.
      for (const kind of KINDS) {
        const elapsed = await timeSignup(await arrangeAddress(aws, kind, round));
        if (round >= WARMUP) samples[kind].push(elapsed);
      }
    }
    const medianOf = (kind: Kind) => Math.round(median(samples[kind]) * 10) / 10;
    const difference = (kind: Kind) => Math.round(Math.abs(median(samples[kind]) - median(samples.new)) * 10) / 10;
    return [
      { name: 'signup-median-new-address', value: medianOf('new'), unit: 'ms' },
      { name: 'signup-median-registered-address', value: medianOf('registered'), unit: 'ms' },
      { name: 'signup-median-difference-registered-vs-new', value: difference('registered'), unit: 'ms' },
      { name: 'signup-median-difference-suppressed-vs-new', value: difference('suppressed'), unit: 'ms' },
    ];
  } finally {
    await aws.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const { name, value, unit } of await benchSignupTiming()) console.log(`${name}: ${value} ${unit}`);
}
