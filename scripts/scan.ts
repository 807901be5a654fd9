/** `npm run scan -- --today YYYY-MM-DD [--force]`: fires the daily reminder run now, against the running `npm start`. */
import { describeForcedRerun, type ForcedRerun } from './local/force-rerun.js';
import { CliError, callControl, exitWith, locateRunningStack } from './local/running-stack.js';
import { parseScanArgs, SCAN_USAGE } from './local/scan-cli.js';
import { scanOutcome } from './local/scan-outcome.js';

async function main(): Promise<void> {
  const command = parseScanArgs(process.argv.slice(2));
  if (command.kind === 'help') {
    process.stdout.write(`${SCAN_USAGE}\n`);
    return;
  }
  const { today, force } = command;
  const response = await callControl(locateRunningStack(), 'POST', '/__local/scan', {
    today,
    ...(force ? { force: true } : {}),
  });
  const body = response.body as { result?: unknown; message?: string; forced?: ForcedRerun };
  if (response.status !== 200) {
    throw new CliError(body.message ?? `The reminder run answered ${response.status}`);
  }
  if (body.forced) process.stderr.write(`${describeForcedRerun(body.forced, today)}\n`);
  // stdout is the run's result alone, so it can be piped to jq; everything said to the user goes to stderr.
  process.stdout.write(`${JSON.stringify(body.result ?? null, null, 2)}\n`);
  const { message, note } = scanOutcome(body.result, today);
  if (note !== undefined) process.stderr.write(`${note}\n`);
  if (message !== undefined) throw new CliError(message);
}

main().catch(exitWith);
