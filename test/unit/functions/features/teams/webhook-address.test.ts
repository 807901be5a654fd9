import { describe, expect, it } from 'vitest';
import {
  type AddressClass,
  checkEndpoint,
  checkEndpointUrl,
  classifyAddress,
  type Resolve,
} from '../../../../../functions/features/teams/webhook-address.js';

const resolvesTo =
  (...addresses: string[]): Resolve =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

describe('classifyAddress: where an endpoint may point (ADR 0035)', () => {
  it.each<[string, AddressClass]>([
    ['93.184.216.34', 'public'],
    ['2606:4700:4700::1111', 'public'],
    ['::ffff:93.184.216.34', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['febf::1', 'link-local'],
    ['100.64.0.1', 'shared'],
    ['100.127.255.255', 'shared'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:10.1.2.3', 'private'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::ffff:100.64.1.1', 'shared'],
    ['64:ff9b::a00:1', 'reserved'],
    ['2002:a00:1::', 'reserved'],
    ['not-an-address', 'reserved'],
  ])('%s is %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });

  it('keeps the neighbours of each range public', () => {
    for (const address of [
      '172.15.255.255',
      '172.32.0.1',
      '100.63.255.255',
      '100.128.0.1',
      '11.0.0.1',
      '169.253.0.1',
    ]) {
      expect(classifyAddress(address), address).toBe('public');
    }
  });
});

describe('checkEndpoint', () => {
  const aws = { allowLoopback: false };
  const local = { allowLoopback: true };

  it('accepts https on a host whose every address is public, and returns those addresses to connect to', async () => {
    const checked = await checkEndpoint('https://hooks.gym.example/recert', {
      ...aws,
      resolve: resolvesTo('93.184.216.34', '2606:4700::1'),
    });
    expect(checked).toMatchObject({ ok: true, addresses: [{ address: '93.184.216.34' }, { address: '2606:4700::1' }] });
  });

  it('refuses a host with any non-public address, naming the kind in plain words', async () => {
    const checked = await checkEndpoint('https://hooks.gym.example/', {
      ...aws,
      resolve: resolvesTo('93.184.216.34', '10.0.0.7'),
    });
    expect(checked).toEqual({ ok: false, problem: 'refused: private address' });
  });

  it('refuses the metadata address and a name resolving to 127.0.0.1 when loopback is not allowed', async () => {
    expect(await checkEndpoint('https://169.254.169.254/latest', aws)).toEqual({
      ok: false,
      problem: 'refused: link-local address',
    });
    expect(await checkEndpoint('https://localhost:8443/hook', aws)).toEqual({
      ok: false,
      problem: 'refused: loopback address',
    });
    expect(await checkEndpoint('https://[::ffff:127.0.0.1]/hook', aws)).toEqual({
      ok: false,
      problem: 'refused: loopback address',
    });
  });

  it('refuses http in AWS, and allows it on loopback only when configured', async () => {
    expect(checkEndpointUrl('http://hooks.gym.example/', aws)).toBe('it must start with https://');
    expect(await checkEndpoint('http://127.0.0.1:9000/hook', local)).toMatchObject({ ok: true });
    expect(
      await checkEndpoint('http://hooks.gym.example/', { ...local, resolve: resolvesTo('93.184.216.34') }),
    ).toEqual({ ok: false, problem: 'it must start with https://' });
    // Loopback allowed is not private allowed.
    expect(await checkEndpoint('http://192.168.0.10/hook', local)).toEqual({
      ok: false,
      problem: 'refused: private address',
    });
  });

  it('refuses credentials in the URL, a fragment, other schemes and a host that does not resolve', async () => {
    expect(checkEndpointUrl('https://user:pw@hooks.gym.example/', aws)).toBe(
      'it must not contain a user name or password',
    );
    expect(checkEndpointUrl('https://hooks.gym.example/#x', aws)).toBe('it must not contain a # part');
    expect(checkEndpointUrl('ftp://hooks.gym.example/', aws)).toBe('it must start with https://');
    expect(checkEndpointUrl('not a url', aws)).toMatch(/not a web address/);
    const failing: Resolve = async () => {
      throw Object.assign(new Error('nope'), { code: 'ENOTFOUND' });
    };
    expect(await checkEndpoint('https://nowhere.example/', { ...aws, resolve: failing })).toEqual({
      ok: false,
      problem: 'host not found',
    });
  });
});
