import type { LocalStack } from './local-stack.js';

export type DemoSeedResult =
  | { readonly seeded: true; readonly summary: string }
  | { readonly seeded: false; readonly reason: string };

/**
 * Seeds the sample trainer from the seed's story, so one `npm run scan` puts a real reminder in the mailbox.
 * It needs the sign-up repositories (issue 3), which do not exist yet, so for now it seeds nothing and says so.
 */
export async function seedDemo(_stack: LocalStack): Promise<DemoSeedResult> {
  return {
    seeded: false,
    reason: 'The demo seed is not available yet: it needs the sign-up repositories (issue 3). Starting without it.',
  };
}
