import {
  type AttributeDefinition,
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TableDefinition } from './table-definition.js';

/** The CreateTable request for a definition: on-demand billing, every key attribute declared exactly once. */
export function createTableInput(def: TableDefinition, tableName: string): CreateTableCommandInput {
  const attributes = new Map<string, AttributeDefinition>();
  const declare = (name: string, type: 'S' | 'N') => attributes.set(name, { AttributeName: name, AttributeType: type });
  declare(def.partitionKey.name, def.partitionKey.type);
  declare(def.sortKey.name, def.sortKey.type);
  for (const index of def.globalSecondaryIndexes) {
    declare(index.partitionKey.name, index.partitionKey.type);
    declare(index.sortKey.name, index.sortKey.type);
  }
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attributes.values()],
    KeySchema: [
      { AttributeName: def.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: def.sortKey.name, KeyType: 'RANGE' },
    ],
    ...(def.globalSecondaryIndexes.length > 0
      ? {
          GlobalSecondaryIndexes: def.globalSecondaryIndexes.map((index) => ({
            IndexName: index.indexName,
            KeySchema: [
              { AttributeName: index.partitionKey.name, KeyType: 'HASH' as const },
              { AttributeName: index.sortKey.name, KeyType: 'RANGE' as const },
            ],
            Projection: { ProjectionType: index.projection },
          })),
        }
      : {}),
  };
}

export interface EnsureTableResult {
  readonly created: boolean;
  /** False on dynalite, which has no UpdateTimeToLive (reads filter expired items anyway). */
  readonly timeToLiveEnabled: boolean;
}

// The document client forwards plain control-plane commands unchanged; both client kinds are accepted.
type AnyDynamoClient = DynamoDBClient | DynamoDBDocumentClient;

/**
 * Creates the table if it does not exist, waits until it is ACTIVE and turns TTL on where the server supports it.
 * Idempotent: safe to call from every local start and every test file.
 */
export async function ensureTable(
  client: AnyDynamoClient,
  def: TableDefinition,
  tableName: string,
  options: { readonly timeoutMs?: number } = {},
): Promise<EnsureTableResult> {
  const send = client.send.bind(client) as DynamoDBClient['send'];
  let created = false;
  try {
    await send(new CreateTableCommand(createTableInput(def, tableName)));
    created = true;
  } catch (error) {
    if (!(error instanceof Error && error.name === 'ResourceInUseException')) throw error;
  }
  await waitUntilActive(send, tableName, options.timeoutMs ?? 30_000);
  let timeToLiveEnabled = false;
  try {
    await send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: def.timeToLiveAttribute, Enabled: true },
      }),
    );
    timeToLiveEnabled = true;
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    // "TimeToLive is already enabled" on a second call; UnknownOperationException on dynalite.
    if (name === 'ValidationException') timeToLiveEnabled = true;
    else if (name !== 'UnknownOperationException') throw error;
  }
  return { created, timeToLiveEnabled };
}

async function waitUntilActive(send: DynamoDBClient['send'], tableName: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { Table } = await send(new DescribeTableCommand({ TableName: tableName }));
    const indexesActive = (Table?.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE');
    if (Table?.TableStatus === 'ACTIVE' && indexesActive) return;
    if (Date.now() > deadline) throw new Error(`table ${tableName} not ACTIVE after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
