import type { Team } from '../../adapters/dynamodb/team-repository.js';
import type { HttpResponse } from '../../common/http.js';
import { attentionText, type RosterEntry, type RosterSort } from '../../pages/team-page.js';
import type { Dependencies } from '../../wiring/dependencies.js';
import { loadRoster } from './roster.js';

/** The columns, in order: one row per member and certification (one row with empty certification fields if none). */
export const ROSTER_CSV_COLUMNS = [
  'name',
  'needs_attention',
  'attention_reasons',
  'certification_code',
  'certification_name',
  'phase',
  'expires_on',
  'cpr_aed_current',
  'as_of',
] as const;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break. A field a spreadsheet would read as
 * a formula (a name typed as `=HYPERLINK(…)`) is prefixed with an apostrophe, so opening the file runs nothing.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function rowsOf(entry: RosterEntry): string[][] {
  const member = [entry.name, entry.attention.length > 0 ? 'yes' : 'no', entry.attention.map(attentionText).join('; ')];
  const card = [entry.cprAed.current ? 'yes' : 'no', entry.asOf];
  if (entry.certifications.length === 0) return [[...member, '', '', '', '', ...card]];
  return entry.certifications.map((cert) => [...member, cert.code, cert.name, cert.phase, cert.expiresOn, ...card]);
}

/** The roster as CSV text: a header row, then the members in the page's order; dates as ISO `YYYY-MM-DD`. */
export function rosterCsv(entries: readonly RosterEntry[]): string {
  const lines = [[...ROSTER_CSV_COLUMNS], ...entries.flatMap(rowsOf)].map((row) => row.map(csvField).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** GET /team/roster.csv?token=…: the roster as a download, in the order the page shows it. */
export async function rosterDownload(
  deps: Dependencies,
  team: Team,
  sort: RosterSort | undefined,
  now: Date,
): Promise<HttpResponse> {
  const roster = await loadRoster(deps, team, sort ?? 'expiry', now);
  return {
    statusCode: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8; header=present',
      'content-disposition': `attachment; filename="team-roster-${roster.asOf}.csv"`,
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
    },
    body: rosterCsv(roster.entries),
  };
}
