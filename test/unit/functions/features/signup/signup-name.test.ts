/** The name is greeted in an email to any address: plain text a person would write, nothing else (issue 12, cases 6–7). */
import { describe, expect, it } from 'vitest';
import { SignupSchema } from '../../../../../functions/features/signup/signup-schema.js';

const CPT = [{ code: 'NASM-CPT', expiresOn: '2027-06-30' }];

function nameIssue(name: string): string | undefined {
  const result = SignupSchema.safeParse({ email: 'sam@example.com', name, credentials: CPT, activities: [] });
  return result.success ? undefined : result.error.issues.find((issue) => issue.path[0] === 'name')?.message;
}

describe('the sign-up name', () => {
  it.each(["Dana O'Neil", 'José Álvarez', 'Zoë Kravitz-Lee', '李小龍', 'J.R. Smith', 'Dr. Ann Lee', 'Sam Lee Jr.'])(
    'accepts %s',
    (name) => {
      expect(nameIssue(name)).toBeUndefined();
    },
  );

  it.each([
    ['a link', 'Claim your prize at evil.com', 'must be your name, not a link or an address'],
    ['a URL', 'http://evil.example', 'must be your name, not a link or an address'],
    ['www', 'www dot site www.site', 'must be your name, not a link or an address'],
    ['an address', 'sam@example.com', 'must be your name, not a link or an address'],
    ['a bidi override', 'Sam \u202Emoc.live', 'must not contain invisible or text-direction characters'],
    ['a zero-width joiner', 'Sam\u200DLee', 'must not contain invisible or text-direction characters'],
    ['a lone surrogate', 'Sam \uD800', 'must not contain invisible or text-direction characters'],
    ['only invisible characters', '\u200B\u200B', 'must not contain invisible or text-direction characters'],
    ['no letter at all', '12345', 'must contain at least one letter'],
    ['a line break', 'Sam\nBcc: x', 'must not contain control characters or line breaks'],
  ])('refuses %s with a message naming the problem', (_story, name, message) => {
    expect(nameIssue(name)).toBe(message);
  });

  it('stores the name Unicode-normalised (an e and a combining accent become one é)', () => {
    const result = SignupSchema.parse({
      email: 'sam@example.com',
      name: 'Jose\u0301',
      credentials: CPT,
      activities: [],
    });
    expect(result.name).toBe('Jos\u00e9');
  });

  it('refuses a sign-up without a certification: a CPR/AED card alone gives Recert nothing to remind about', () => {
    const result = SignupSchema.safeParse({
      email: 'sam@example.com',
      name: 'Sam Lee',
      credentials: [{ code: 'CPR-AED', expiresOn: '2027-06-30' }],
      activities: [],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['credentials']);
  });
});
