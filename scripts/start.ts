/**
 * `npm start`: the whole of Recert on this machine, in this one process (dynalite, the SES emulator, the local
 * API Gateway, the daily scheduler). Ctrl-C stops everything; nothing is spawned, so nothing is orphaned.
 */
import { parseArgs } from 'node:util';
import { seedDemo } from './local/demo.js';
import { DataDirInUseError } from './local/emulators.js';
import { captchaFromEnv, InvalidLocalCaptchaError } from './local/local-env.js';
import { type LocalStack, LocalStackError, startLocalStack } from './local/local-stack.js';
import { InvalidPortError, PortInUseError, portFromEnv } from './local/ports.js';
import { stateDir } from './local/running-stack.js';
import { scheduleHourFromEnv } from './local/scheduled-event.js';

const HELP = `Usage: npm start [-- --memory] [-- --demo]

Starts Recert locally: the sign-up form, a mailbox for the emails it sends, and the daily reminder run.
  --memory   a throw-away run: data in memory, the token key and demo webhook secret in a temporary folder
             removed on exit; .recert/ (RECERT_DATA_DIR) is neither read nor written
  --demo     seed a sample trainer so one reminder scan puts a real reminder in the mailbox
  --help     show this help

Environment: PORT (form, default 3000), MAILBOX_PORT (mailbox, default 8005),
RECERT_SCHEDULE_HOUR (UTC hour of the daily run, default 9), RECERT_DATA_DIR (default .recert),
TURNSTILE_SITE_KEY and TURNSTILE_SECRET_KEY (both: the sign-up form shows and checks a Cloudflare Turnstile
CAPTCHA; off by default; Cloudflare's test keys 1x00000000000000000000AA / 1x0000000000000000000000000000000AA
work on localhost).`;

async function main(): Promise<void> {
  let flags: { memory?: boolean; demo?: boolean; help?: boolean };
  try {
    flags = parseArgs({
      options: { memory: { type: 'boolean' }, demo: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    }).values;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${HELP}\n`);
    process.exit(2);
  }
  if (flags.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }

  let stack: LocalStack;
  try {
    const port = portFromEnv(process.env, 'PORT', 3000);
    const mailboxPort = portFromEnv(process.env, 'MAILBOX_PORT', 8005);
    const scheduleHour = scheduleHourFromEnv(process.env);
    const captcha = captchaFromEnv(process.env);
    stack = await startLocalStack({
      memory: flags.memory ?? false,
      port,
      mailboxPort,
      scheduleHour,
      // A throw-away run gets its own temporary state folder: it must not replace a kept run's demo secret.
      ...(flags.memory ? {} : { dataDir: stateDir() }),
      ...(captcha ? { captcha } : {}),
    });
  } catch (error) {
    if (
      error instanceof PortInUseError ||
      error instanceof InvalidPortError ||
      error instanceof LocalStackError ||
      error instanceof DataDirInUseError ||
      error instanceof InvalidLocalCaptchaError ||
      error instanceof RangeError
    ) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      process.stderr.write(`${signal} again: exiting without waiting.\n`);
      process.exit(1);
    }
    stopping = true;
    process.stdout.write('Stopping Recert…\n');
    stack.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`Recert did not stop cleanly: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  let scanCommand = `npm run scan -- --today ${new Date().toISOString().slice(0, 10)}`;
  if (flags.demo) {
    const demo = await seedDemo(stack);
    process.stdout.write(`${demo.seeded ? demo.summary : demo.reason}\n`);
    // The ready line's scan is then the one that sends the demo reminder (its day, --force if that day has run).
    if (demo.seeded && demo.scanCommand) scanCommand = demo.scanCommand;
  }

  // performance.now() counts from process start, so this includes loading tsx and every module.
  const readyMs = Math.round(performance.now());
  process.stdout.write(
    `Recert is running: form ${stack.urls.form} · mailbox ${stack.urls.mailbox} · run a reminder scan: ${scanCommand}\n`,
  );
  process.stdout.write(
    `ready in ${readyMs} ms · data ${flags.memory ? `in memory (lost on exit); this run's state files in ${stack.dataDir} until then (.recert/ untouched; RECERT_DATA_DIR=${stack.dataDir} for npm run scan and sign-webhook)` : `in ${stack.dataDir}`} · CAPTCHA ${stack.captcha ? 'on (Turnstile)' : 'off'} · Ctrl-C to stop\n`,
  );
}

await main();
