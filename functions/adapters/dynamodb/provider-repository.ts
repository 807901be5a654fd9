import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { BodyCode } from '../../../core/index.js';
import * as z from '../../common/zod.js';
import { InvalidArgumentError, ItemAlreadyExistsError, ItemNotFoundError, isConditionalCheckFailed } from './errors.js';
import { isoInstant, parseItem, unitsSchema } from './item-schema.js';
import { ENTITY, keys, PROVIDER_SK_PREFIX } from './keys.js';
import { queryAll } from './query-all.js';

/** A provider course id maps to a catalog code, or to a title and the units each body approved for it. */
export type CourseMapping =
  | string
  | {
      readonly title: string;
      readonly units: Readonly<Partial<Record<BodyCode, number>>>;
      readonly category?: string;
    };

export interface Provider {
  readonly providerId: string;
  readonly name: string;
  /** `whsec_…` signing secrets, newest last; at most two are valid at once (rotation). */
  readonly secrets: readonly string[];
  readonly courseMap: Readonly<Record<string, CourseMapping>>;
  readonly revision: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type ProviderSummary = Omit<Provider, 'secrets'> & { readonly secretCount: number };

const PROVIDER_VERSION = 1;
const MAX_SECRETS = 2;
const PROVIDER_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

const courseMappingSchema: z.ZodMiniType<CourseMapping> = z.union([
  z.string().check(z.minLength(1)),
  z.object({ title: z.string().check(z.minLength(1)), units: unitsSchema, category: z.exactOptional(z.string()) }),
]);

const providerSchema = z.object({
  entity: z.literal(ENTITY.provider),
  version: z.literal(PROVIDER_VERSION),
  providerId: z.string(),
  name: z.string(),
  secrets: z.array(z.string()).check(z.maxLength(MAX_SECRETS)),
  courseMap: z.record(z.string(), courseMappingSchema),
  revision: z.number().check(z.int()),
  createdAt: isoInstant,
  updatedAt: isoInstant,
});

const summarySchema = z.extend(z.omit(providerSchema, { secrets: true }), { secretCount: z.number().check(z.int()) });

function providerFromItem(item: unknown): Provider {
  const { entity: _entity, version: _version, ...record } = parseItem(providerSchema, ENTITY.provider, item);
  return record;
}

function checkProviderId(providerId: string): void {
  if (!PROVIDER_ID.test(providerId)) {
    throw new InvalidArgumentError('providerId', providerId, 'must be 1-63 of a-z, 0-9, "-", starting alphanumeric');
  }
}

export interface CreateProviderInput {
  readonly providerId: string;
  readonly name: string;
  readonly secret: string;
  readonly courseMap?: Readonly<Record<string, CourseMapping>>;
  readonly now: Date;
}

/** The provider registry: one small partition, read by id on every webhook and listed (without secrets) by the CLI. */
export function createProviderRepository({ client, tableName }: { client: DynamoDBDocumentClient; tableName: string }) {
  async function create(input: CreateProviderInput): Promise<Provider> {
    checkProviderId(input.providerId);
    const at = input.now.toISOString();
    const item = {
      ...keys.provider(input.providerId),
      entity: ENTITY.provider,
      version: PROVIDER_VERSION,
      providerId: input.providerId,
      name: input.name,
      secrets: [input.secret],
      secretCount: 1,
      courseMap: input.courseMap ?? {},
      revision: 1,
      createdAt: at,
      updatedAt: at,
    };
    try {
      await client.send(
        new PutCommand({ TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new ItemAlreadyExistsError(ENTITY.provider);
      throw error;
    }
    return providerFromItem(item);
  }

  async function get(providerId: string): Promise<Provider | undefined> {
    if (!PROVIDER_ID.test(providerId)) return undefined; // a path parameter from the internet: never a bad key
    const { Item } = await client.send(
      new GetCommand({ TableName: tableName, Key: keys.provider(providerId), ConsistentRead: true }),
    );
    return Item ? providerFromItem(Item) : undefined;
  }

  /** Every provider, secrets never read (projection). */
  async function list(): Promise<ProviderSummary[]> {
    const items = await queryAll(client, {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ProjectionExpression:
        'entity, version, providerId, #name, courseMap, revision, createdAt, updatedAt, secretCount',
      ExpressionAttributeNames: { '#name': 'name' },
      ExpressionAttributeValues: { ':pk': keys.providerPartition, ':prefix': PROVIDER_SK_PREFIX },
    });
    const out: ProviderSummary[] = [];
    for (const item of items) {
      const { entity: _e, version: _v, ...summary } = parseItem(summarySchema, ENTITY.provider, item);
      out.push(summary);
    }
    return out;
  }

  /** Read-modify-write guarded by `revision`; retried a few times on a concurrent change. */
  async function modify(providerId: string, now: Date, change: (current: Provider) => Partial<Provider>) {
    for (let round = 0; round < 5; round += 1) {
      const current = await get(providerId);
      if (!current) throw new ItemNotFoundError(ENTITY.provider);
      const next = { ...current, ...change(current) };
      try {
        const { Attributes } = await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.provider(providerId),
            UpdateExpression:
              'SET #name = :name, secrets = :secrets, secretCount = :secretCount, courseMap = :courseMap, ' +
              'revision = :next, updatedAt = :now',
            ConditionExpression: 'revision = :expected',
            ExpressionAttributeNames: { '#name': 'name' },
            ExpressionAttributeValues: {
              ':name': next.name,
              ':secrets': [...next.secrets],
              ':secretCount': next.secrets.length,
              ':courseMap': next.courseMap,
              ':next': current.revision + 1,
              ':expected': current.revision,
              ':now': now.toISOString(),
            },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return providerFromItem(Attributes);
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
      }
    }
    throw new Error(`provider ${providerId} kept changing under concurrent writers`);
  }

  /** Rotation: the new secret becomes current and only the previous one stays valid beside it. */
  function addSecret(providerId: string, secret: string, now: Date): Promise<Provider> {
    return modify(providerId, now, (current) => ({ secrets: [...current.secrets, secret].slice(-MAX_SECRETS) }));
  }

  /** Ends a rotation: drops every secret but the newest. */
  function retireOldSecrets(providerId: string, now: Date): Promise<Provider> {
    return modify(providerId, now, (current) => ({ secrets: current.secrets.slice(-1) }));
  }

  function setCourseMap(
    providerId: string,
    courseMap: Readonly<Record<string, CourseMapping>>,
    now: Date,
  ): Promise<Provider> {
    return modify(providerId, now, () => ({ courseMap }));
  }

  return { create, get, list, addSecret, retireOldSecrets, setCourseMap };
}

export type ProviderRepository = ReturnType<typeof createProviderRepository>;
