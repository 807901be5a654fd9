import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { admitInWindow, type WindowAnswer, type WindowPolicy } from './fixed-window.js';
import { ENTITY, keys } from './keys.js';

/**
 * Requests per share link per fixed window (ADR 0031): one item per link reference and window (fixed-window.ts). It
 * holds the reference (a hash), a count and its TTL: no trainer id, nothing erasure needs to find.
 */
const SHARE_VIEW_WINDOW_VERSION = 1;

export function createShareViewWindowRepository({
  client,
  tableName,
}: {
  client: DynamoDBDocumentClient;
  tableName: string;
}) {
  /** Counts one request for the link `ref` names in the window holding `now`, unless the window is full. */
  function admit(ref: string, now: Date, policy: WindowPolicy): Promise<WindowAnswer> {
    const item = {
      keyOf: (windowStart: number) => keys.shareViewWindow(ref, windowStart),
      entity: ENTITY.shareViewWindow,
      version: SHARE_VIEW_WINDOW_VERSION,
    };
    return admitInWindow(client, tableName, item, now, policy);
  }

  return { admit };
}

export type ShareViewWindowRepository = ReturnType<typeof createShareViewWindowRepository>;
