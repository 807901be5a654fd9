import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ItemAlreadyExistsError, ItemNotFoundError } from '../../../functions/adapters/dynamodb/errors.js';
import type { Provider } from '../../../functions/adapters/dynamodb/provider-repository.js';
import { ensureDemoProvider, runProviderCli } from '../../../scripts/provider.js';

const NOW = new Date('2026-11-20T10:00:00Z');

/** An in-memory registry with the repository's observable behaviour (≤ 2 secrets, newest last). */
function fakeRegistry() {
  const store = new Map<string, Provider>();
  const change = (id: string, patch: Partial<Provider>) => {
    const current = store.get(id);
    if (!current) throw new ItemNotFoundError('Provider');
    const next = { ...current, ...patch, revision: current.revision + 1 };
    store.set(id, next);
    return next;
  };
  const providers = {
    async create(input: {
      providerId: string;
      name: string;
      secret: string;
      courseMap?: Provider['courseMap'];
      now: Date;
    }) {
      if (store.has(input.providerId)) throw new ItemAlreadyExistsError('Provider');
      const at = input.now.toISOString();
      const provider: Provider = {
        providerId: input.providerId,
        name: input.name,
        secrets: [input.secret],
        courseMap: input.courseMap ?? {},
        revision: 1,
        createdAt: at,
        updatedAt: at,
      };
      store.set(input.providerId, provider);
      return provider;
    },
    get: async (id: string) => store.get(id),
    list: async () => [...store.values()].map(({ secrets, ...rest }) => ({ ...rest, secretCount: secrets.length })),
    addSecret: async (id: string, secret: string) =>
      change(id, { secrets: [...(store.get(id)?.secrets ?? []), secret].slice(-2) }),
    retireOldSecrets: async (id: string) => change(id, { secrets: (store.get(id)?.secrets ?? []).slice(-1) }),
    setCourseMap: async (id: string, courseMap: Provider['courseMap']) => change(id, { courseMap }),
  };
  return { store, providers };
}

const env = { RECERT_DATA_DIR: join(tmpdir(), 'recert-provider-test-none') };

function cli(registry: ReturnType<typeof fakeRegistry>, args: string[]) {
  return runProviderCli(args, {
    connect: () => registry.providers,
    now: NOW,
    env,
    readFile: () => '{"P-1":"NASM-PES"}',
  });
}

describe('npm run provider', () => {
  it('adds a provider and prints its whsec_ secret once; list never shows secrets', async () => {
    const registry = fakeRegistry();
    const added = await cli(registry, ['add', '--id', 'acme', '--name', 'Acme Academy']);
    expect(added.exitCode).toBe(0);
    const secret = /whsec_[A-Za-z0-9+/=]+/.exec(added.stdout)?.[0] ?? '';
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(registry.store.get('acme')?.secrets).toEqual([secret]);
    const listed = await cli(registry, ['list']);
    expect(listed.stdout).toContain('acme\tAcme Academy\tsecrets: 1');
    expect(listed.stdout).not.toContain('whsec_');
  });

  it('rotates to two valid secrets and retires the older one', async () => {
    const registry = fakeRegistry();
    await cli(registry, ['add', '--id', 'acme', '--name', 'Acme']);
    const first = registry.store.get('acme')?.secrets[0];
    const rotated = await cli(registry, ['rotate', '--id', 'acme']);
    expect(rotated.stdout).toContain('2 valid');
    const second = /whsec_\S+/.exec(rotated.stdout)?.[0];
    expect(registry.store.get('acme')?.secrets).toEqual([first, second]);
    await cli(registry, ['retire', '--id', 'acme']);
    expect(registry.store.get('acme')?.secrets).toEqual([second]);
  });

  it('sets a course map from --set pairs and from a JSON file', async () => {
    const registry = fakeRegistry();
    await cli(registry, ['add', '--id', 'acme', '--name', 'Acme']);
    expect((await cli(registry, ['course-map', '--id', 'acme', '--set', 'PROV-101=NASM-PES'])).exitCode).toBe(0);
    expect(registry.store.get('acme')?.courseMap).toEqual({ 'PROV-101': 'NASM-PES' });
    await cli(registry, ['course-map', '--id', 'acme', '--file', 'map.json']);
    expect(registry.store.get('acme')?.courseMap).toEqual({ 'P-1': 'NASM-PES' });
  });

  it.each([
    [
      ['add', '--id', 'Acme!', '--name', 'A'],
      '--id: must be 1-63 of a-z, 0-9 and "-", starting alphanumeric (got "Acme!")',
    ],
    [['add', '--id', 'acme'], '--name: required'],
    [['add', '--id', 'acme', '--name', 'A', '--colour', 'red'], 'unknown argument "--colour"'],
    [['rotate'], '--id: required'],
    [
      ['course-map', '--id', 'acme', '--set', 'PROV-101'],
      '--set: expected PROVIDER_COURSE=CATALOG_CODE (got "PROV-101")',
    ],
    [['course-map', '--id', 'acme', '--set', 'PROV-101=NOPE'], '--set: unknown catalog code "NOPE"'],
    [['list', '--endpoint', 'ftp://x'], '--endpoint: not an http(s) URL (got "ftp://x")'],
    [['launch'], 'unknown command "launch"'],
  ])('exits 2 naming the flag and value for %j', async (args, message) => {
    const result = await cli(fakeRegistry(), args);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe('');
  });

  it('exits 1 when the provider already exists or does not exist', async () => {
    const registry = fakeRegistry();
    await cli(registry, ['add', '--id', 'acme', '--name', 'Acme']);
    expect(await cli(registry, ['add', '--id', 'acme', '--name', 'Acme'])).toMatchObject({ exitCode: 1 });
    expect(await cli(registry, ['rotate', '--id', 'ghost'])).toMatchObject({ exitCode: 1 });
  });

  it('ensureDemoProvider creates demo once and writes its current secret to providers.json (0600)', async () => {
    const registry = fakeRegistry();
    const dir = mkdtempSync(join(tmpdir(), 'recert-demo-'));
    const first = await ensureDemoProvider(registry, NOW, { stateDir: dir });
    const second = await ensureDemoProvider(registry, NOW, { stateDir: dir });
    expect(first.created).toBe(true);
    expect(second).toEqual({ ...first, created: false });
    const file = join(dir, 'providers.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ demo: { secret: first.secret } });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(registry.store.get('demo')?.courseMap).toHaveProperty('DEMO-PES', 'NASM-PES');
  });
});
