import { describe, expect, it } from 'vitest';
import { createTableInput } from '../../../../../functions/adapters/dynamodb/create-table.js';
import { RECERT_TABLE } from '../../../../../functions/adapters/dynamodb/table-definition.js';

describe('createTableInput', () => {
  it('declares the table on demand with the byDue index and each key attribute once', () => {
    const input = createTableInput(RECERT_TABLE, 'recert-dev');
    expect(input).toMatchObject({
      TableName: 'recert-dev',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byDue',
          KeySchema: [
            { AttributeName: 'dueShard', KeyType: 'HASH' },
            { AttributeName: 'dueOn', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    });
    expect(input.AttributeDefinitions?.map((a) => a.AttributeName)).toEqual(['pk', 'sk', 'dueShard', 'dueOn']);
  });
});
