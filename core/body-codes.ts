/** Every certifying body Recert knows, in the order the catalog lists them: the one list of body codes. */
export const BODY_CODES = ['NASM', 'AFAA', 'ACE', 'ACSM', 'NSCA', 'ISSA', 'NCSF', 'NCCPT', 'NFPT', 'NETA'] as const;

export type BodyCode = (typeof BODY_CODES)[number];
