/** `npm run scan -- --today YYYY-MM-DD`: fires the daily reminder run now, against the running `npm start`. */
import { parseArgs } from 'node:util';
import { CliError, callControl, exitWith, locateRunningStack } from './local/running-stack.js';
import { scanOutcome } from './local/scan-outcome.js';
import { isCalendarDate } from './local/scheduled-event.js';

async function main(): Promise<void> {
  let values: { today?: string };
  try {
    values = parseArgs({ options: { today: { type: 'string' } } }).values;
  } catch (error) {
    throw new CliError(
      `${error instanceof Error ? error.message : String(error)}; usage: npm run scan -- --today YYYY-MM-DD`,
      2,
    );
  }
  const today = values.today ?? new Date().toISOString().slice(0, 10);
  if (!isCalendarDate(today)) {
    throw new CliError(`--today must be a calendar date YYYY-MM-DD, got ${JSON.stringify(today)}`, 2);
  }
  const response = await callControl(locateRunningStack(), 'POST', '/__local/scan', { today });
  const body = response.body as { result?: unknown; message?: string };
  if (response.status !== 200) {
    throw new CliError(body.message ?? `The reminder run answered ${response.status}`);
  }
  process.stdout.write(`${JSON.stringify(body.result ?? null, null, 2)}\n`);
  const { message } = scanOutcome(body.result, today);
  if (message !== undefined) throw new CliError(message);
}

main().catch(exitWith);
