import { describe, expect, it } from 'vitest';
import { csvField, ROSTER_CSV_COLUMNS, rosterCsv } from '../../../../../functions/features/teams/roster-csv.js';

describe('the roster as CSV', () => {
  it('quotes a field with a comma, a quote or a line break (RFC 4180)', () => {
    expect(csvField('Lee, Sam')).toBe('"Lee, Sam"');
    expect(csvField('Sam "Coach" Lee')).toBe('"Sam ""Coach"" Lee"');
    expect(csvField('plain')).toBe('plain');
  });

  it('keeps a spreadsheet from running a name typed as a formula', () => {
    expect(csvField('=HYPERLINK("http://evil.example","Sam")')).toBe('"\'=HYPERLINK(""http://evil.example"",""Sam"")"');
    expect(csvField('+1 555')).toBe("'+1 555");
    expect(csvField('@sam')).toBe("'@sam");
  });

  it('has a header row, and a row for a member without a certification', () => {
    const csv = rosterCsv([
      {
        name: 'Sam Lee',
        asOf: '2026-11-21',
        certifications: [],
        cprAed: { current: false },
        memberRef: 'ref',
        attention: [{ kind: 'cpr-not-current' }],
      },
    ]);
    expect(csv).toBe(`${ROSTER_CSV_COLUMNS.join(',')}\r\nSam Lee,yes,CPR/AED card not current,,,,,no,2026-11-21\r\n`);
  });
});
