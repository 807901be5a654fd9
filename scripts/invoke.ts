/**
 * `npm run invoke -- <function> events/<source>/<scenario>.json`: runs one handler in this process with a sample
 * event, against the running `npm start`'s DynamoDB and SES, and prints what it returned.
 */
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { ALL_ENTRY_POINTS, type EntryPoint, HTTP_ROUTES } from '../functions/entry-points.js';
import { createLambdaContext } from './local/apigw-event.js';
import { importHandler, REPOSITORY_ROOT } from './local/handler-loader.js';
import { HandlerNotFoundError } from './local/http-server.js';
import {
  applyEnvironment,
  captchaFromEnv,
  InvalidLocalCaptchaError,
  type LocalCaptcha,
  localEnvironment,
  readOrCreateTokenKey,
} from './local/local-env.js';
import { CliError, exitWith, locateRunningStack, runningEndpoints, stateDir } from './local/running-stack.js';

const USAGE = 'usage: npm run invoke -- <function id or entry> events/<source>/<scenario>.json';

/** Finds a function by its id (`SubmitSignup`, any case) or its entry path (`functions/http/submit-signup.ts`). */
export function resolveEntryPoint(name: string): EntryPoint {
  const asPath = relative(REPOSITORY_ROOT, resolve(name));
  const found = ALL_ENTRY_POINTS.find(
    (entry) => entry.id.toLowerCase() === name.toLowerCase() || entry.entry === asPath || entry.entry === name,
  );
  if (!found) {
    throw new CliError(
      `function: no function ${JSON.stringify(name)}; known: ${ALL_ENTRY_POINTS.map((entry) => entry.id).join(', ')}`,
      2,
    );
  }
  return found;
}

/** The sign-up CAPTCHA as `npm start` reads it (both TURNSTILE_ keys or neither), so one invocation can test it. */
function readCaptcha(): LocalCaptcha | undefined {
  try {
    return captchaFromEnv(process.env);
  } catch (error) {
    if (error instanceof InvalidLocalCaptchaError) throw new CliError(error.message, 2);
    throw error;
  }
}

function readEvent(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new CliError(`event: cannot read ${JSON.stringify(file)}`, 2);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(
      `event: ${file} is not valid JSON (${error instanceof Error ? error.message : String(error)})`,
      2,
    );
  }
}

async function main(): Promise<void> {
  const [name, eventFile, ...rest] = process.argv.slice(2);
  if (!name || !eventFile || rest.length > 0) throw new CliError(USAGE, 2);
  const entryPoint = resolveEntryPoint(name);
  const event = readEvent(eventFile);

  const stack = await runningEndpoints(locateRunningStack());
  applyEnvironment(
    localEnvironment(
      {
        baseUrl: stack.form,
        tableName: stack.tableName,
        dynamodbEndpoint: stack.dynamodb,
        sesEndpoint: stack.ses,
      },
      readOrCreateTokenKey(stateDir()),
      readCaptcha(),
    ),
  );

  let handler: Awaited<ReturnType<typeof importHandler>>;
  try {
    handler = await importHandler(entryPoint.entry);
  } catch (error) {
    if (error instanceof HandlerNotFoundError)
      throw new CliError(`${entryPoint.id} is not implemented yet: ${error.message}`);
    throw error;
  }
  const isHttp = HTTP_ROUTES.some((route) => route.id === entryPoint.id);
  const context = createLambdaContext({ functionId: entryPoint.id, timeoutMs: isHttp ? 29_000 : 15 * 60 * 1000 });
  let result: unknown;
  try {
    result = await handler(event, context);
  } catch (error) {
    const detail = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
    throw new CliError(`${entryPoint.id} threw: ${detail}`);
  }
  process.stdout.write(`${JSON.stringify(result ?? null, null, 2)}\n`);
  // SDK clients keep sockets alive; the invocation is over.
  process.exit(0);
}

main().catch(exitWith);
