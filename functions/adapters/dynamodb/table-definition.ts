/**
 * The one DynamoDB table Recert uses, declared as plain data so the CDK app and the local runtime create exactly
 * the same table and index (see docs/data-model.md for every item family and access pattern).
 */
export interface KeyAttribute {
  readonly name: string;
  readonly type: 'S' | 'N';
}

export interface GlobalSecondaryIndexDefinition {
  readonly indexName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
  /** ALL: the daily run reads a due trainer's whole record from the index in one item (no follow-up GetItem). */
  readonly projection: 'ALL' | 'KEYS_ONLY';
}

export interface TableDefinition {
  readonly logicalId: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
  /** Epoch seconds. DynamoDB deletes expired items lazily (up to ~2 days), so reads must filter on it too. */
  readonly timeToLiveAttribute: string;
  readonly globalSecondaryIndexes: readonly GlobalSecondaryIndexDefinition[];
}

export const DUE_INDEX_NAME = 'byDue';

/** Write sharding of the due index: a day's due trainers spread over this many partitions, read in parallel. */
export const DUE_INDEX_SHARD_COUNT = 8;

export const RECERT_TABLE: TableDefinition = {
  logicalId: 'RecertTable',
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  timeToLiveAttribute: 'expiresAt',
  globalSecondaryIndexes: [
    {
      indexName: DUE_INDEX_NAME,
      partitionKey: { name: 'dueShard', type: 'S' },
      sortKey: { name: 'dueOn', type: 'S' },
      projection: 'ALL',
    },
  ],
};
