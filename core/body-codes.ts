/** Every certifying body Recert knows, in the order the catalog lists them: the one list of body codes. */
export const BODY_CODES = ['NASM', 'AFAA', 'ACE', 'ACSM', 'NSCA', 'ISSA', 'NCSF', 'NCCPT', 'NFPT', 'NETA'] as const;

export type BodyCode = (typeof BODY_CODES)[number];

/** Where a trainer entered a course themselves: the form, their status page, or an action link in a reminder. */
export const ENTRY_SOURCES = ['sign-up', 'status-page', 'reminder'] as const;

export type EntrySource = (typeof ENTRY_SOURCES)[number];
