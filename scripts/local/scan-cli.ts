/** What `npm run scan` accepts: parsed apart from the call to the running stack so every case is tested in-process. */
import { parseArgs } from 'node:util';
import { CliError } from './running-stack.js';
import { isCalendarDate } from './scheduled-event.js';

export const SCAN_USAGE = `Usage: npm run scan -- [--today YYYY-MM-DD] [--force]

Fires the daily reminder run now, against the running npm start (or npm run demo), for one run date.
  --today YYYY-MM-DD  the run date (UTC); default: today's UTC date
  --force             run that date again even when its run has completed: the local stack first deletes the
                      day's completed run record, then runs it from the start. Local only: the deployed
                      Lambda knows no such flag. Reminders the ledger holds as sent are not sent again; only
                      what is due and unsent (new trainers, pending or unsettled reminders) is.
  -h, --help          show this help

Exit status: 0 the run ran (or the day had already completed); 1 nothing ran (another run holds the day, Recert is
not running, the run failed); 2 bad usage.`;

export type ScanCommand =
  | { readonly kind: 'help' }
  | { readonly kind: 'scan'; readonly today: string; readonly force: boolean };

/** Parses the arguments after `npm run scan --`; bad usage throws a CliError with exit code 2 naming the flag. */
export function parseScanArgs(args: readonly string[], now: Date = new Date()): ScanCommand {
  let values: { today?: string; force?: boolean; help?: boolean };
  try {
    values = parseArgs({
      args: [...args],
      options: {
        today: { type: 'string' },
        force: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    // parseArgs names the offending flag ("Unknown option '--tody'"); the usage line says what is accepted.
    throw new CliError(
      `${error instanceof Error ? error.message : String(error)}; usage: npm run scan -- [--today YYYY-MM-DD] [--force] (--help for more)`,
      2,
    );
  }
  if (values.help) return { kind: 'help' };
  const today = values.today ?? now.toISOString().slice(0, 10);
  if (!isCalendarDate(today)) {
    throw new CliError(`--today must be a calendar date YYYY-MM-DD, got ${JSON.stringify(today)}`, 2);
  }
  return { kind: 'scan', today, force: values.force ?? false };
}
