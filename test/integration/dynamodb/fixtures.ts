import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { TrainerProfile } from '../../../core/index.js';
import type { LocalDynamo } from '../../helpers/local-dynamodb.js';

export const NOW = new Date('2026-11-20T10:00:00.000Z');

export function at(iso: string): Date {
  return new Date(iso);
}

export function plusSeconds(date: Date, seconds: number): Date {
  return new Date(date.getTime() + seconds * 1000);
}

export const PROFILE: TrainerProfile = {
  credentials: [
    { code: 'NASM-CPT', earnedOn: '2025-06-30', expiresOn: '2027-06-30' },
    { code: 'CPR-AED', expiresOn: '2027-01-15' },
  ],
  activities: [
    { title: 'Corrective Exercise', completedOn: '2026-03-01', units: { NASM: 1.9 }, courseCode: 'NASM-CES' },
  ],
};

/** Test-only full read of the table (the code under test never scans). */
export async function allItems(db: LocalDynamo): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await db.client.send(
      new ScanCommand({ TableName: db.tableName, ...(cursor ? { ExclusiveStartKey: cursor } : {}) }),
    );
    out.push(...(page.Items ?? []));
    cursor = page.LastEvaluatedKey;
  } while (cursor);
  return out;
}
