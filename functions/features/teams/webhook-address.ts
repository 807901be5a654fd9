/**
 * Where a team's webhook may point (ADR 0035): https, on a host whose every address is public. Checked when an
 * endpoint is registered and again before each delivery (DNS may have changed since: rebinding), and the request
 * then connects to the very addresses checked, never resolving the name a second time.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

export type AddressClass =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'shared'
  | 'unique-local'
  | 'unspecified'
  | 'multicast'
  | 'reserved';

/** Each refused range, once. IPv4 rules also match their IPv4-mapped IPv6 form (`::ffff:10.0.0.1`): BlockList does. */
const RANGES: ReadonlyArray<readonly [Exclude<AddressClass, 'public'>, string, number, 'ipv4' | 'ipv6']> = [
  ['unspecified', '0.0.0.0', 8, 'ipv4'],
  ['unspecified', '::', 128, 'ipv6'],
  ['loopback', '127.0.0.0', 8, 'ipv4'],
  ['loopback', '::1', 128, 'ipv6'],
  ['private', '10.0.0.0', 8, 'ipv4'],
  ['private', '172.16.0.0', 12, 'ipv4'],
  ['private', '192.168.0.0', 16, 'ipv4'],
  ['link-local', '169.254.0.0', 16, 'ipv4'],
  ['link-local', 'fe80::', 10, 'ipv6'],
  ['shared', '100.64.0.0', 10, 'ipv4'],
  ['unique-local', 'fc00::', 7, 'ipv6'],
  ['multicast', '224.0.0.0', 4, 'ipv4'],
  ['multicast', 'ff00::', 8, 'ipv6'],
  // Broadcast and future use, IETF protocol assignments, benchmarking, documentation, and the IPv6 ways of
  // wrapping an IPv4 address other than ::ffff: (IPv4-compatible, NAT64, 6to4) that could hide a private one.
  ['reserved', '240.0.0.0', 4, 'ipv4'],
  ['reserved', '192.0.0.0', 24, 'ipv4'],
  ['reserved', '192.0.2.0', 24, 'ipv4'],
  ['reserved', '198.18.0.0', 15, 'ipv4'],
  ['reserved', '198.51.100.0', 24, 'ipv4'],
  ['reserved', '203.0.113.0', 24, 'ipv4'],
  ['reserved', '::', 96, 'ipv6'],
  ['reserved', '64:ff9b::', 96, 'ipv6'],
  ['reserved', '64:ff9b:1::', 48, 'ipv6'],
  ['reserved', '2002::', 16, 'ipv6'],
  ['reserved', '2001:db8::', 32, 'ipv6'],
  ['reserved', '100::', 64, 'ipv6'],
];

const LISTS = new Map<Exclude<AddressClass, 'public'>, BlockList>();
for (const [kind, network, prefix, family] of RANGES) {
  let list = LISTS.get(kind);
  if (!list) {
    list = new BlockList();
    LISTS.set(kind, list);
  }
  list.addSubnet(network, prefix, family);
}

/** Where an IP address lies; anything not an IP address is `reserved` (never connected to). */
export function classifyAddress(address: string): AddressClass {
  const version = isIP(address);
  if (version === 0) return 'reserved';
  const family = version === 4 ? 'ipv4' : 'ipv6';
  for (const [kind, list] of LISTS) {
    if (list.check(address, family)) return kind;
  }
  return 'public';
}

/** The refusal in the manager's words, as the delivery log and the CLI say it. */
export const REFUSED_WORDS: Readonly<Record<Exclude<AddressClass, 'public'>, string>> = {
  loopback: 'refused: loopback address',
  private: 'refused: private address',
  'link-local': 'refused: link-local address',
  shared: 'refused: carrier-grade NAT address',
  'unique-local': 'refused: private address',
  unspecified: 'refused: unspecified address',
  multicast: 'refused: multicast address',
  reserved: 'refused: reserved address',
};

export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

export type Resolve = (host: string) => Promise<readonly ResolvedAddress[]>;

export const systemResolve: Resolve = async (host) =>
  (await dnsLookup(host, { all: true, verbatim: true })).map(({ address, family }) => ({
    address,
    family: family === 6 ? 6 : 4,
  }));

export interface AddressPolicy {
  /** RECERT_ALLOW_LOOPBACK_WEBHOOKS=1 (local stack, tests): http and https on loopback are allowed too. */
  readonly allowLoopback: boolean;
  readonly resolve?: Resolve;
}

export type EndpointCheck =
  | { readonly ok: true; readonly url: URL; readonly addresses: readonly ResolvedAddress[] }
  | { readonly ok: false; readonly problem: string };

const MAX_URL_LENGTH = 2048;

/** The URL's own rules, before any lookup: https (http only on loopback when allowed), no credentials, no fragment. */
export function checkEndpointUrl(raw: string, policy: Pick<AddressPolicy, 'allowLoopback'>): URL | string {
  if (raw.length > MAX_URL_LENGTH) return `it is longer than ${MAX_URL_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'that is not a web address (it should look like https://example.com/recert)';
  }
  const loopbackHttp = policy.allowLoopback && url.protocol === 'http:';
  if (url.protocol !== 'https:' && !loopbackHttp) return 'it must start with https://';
  if (url.username !== '' || url.password !== '') return 'it must not contain a user name or password';
  if (url.hash !== '') return 'it must not contain a # part';
  return url;
}

/**
 * The URL's rules, then every address its host resolves to: all must be public (loopback too when allowed), or the
 * endpoint is refused. Used at registration and before every delivery.
 */
export async function checkEndpoint(raw: string, policy: AddressPolicy): Promise<EndpointCheck> {
  const url = checkEndpointUrl(raw, policy);
  if (typeof url === 'string') return { ok: false, problem: url };
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: readonly ResolvedAddress[];
  if (isIP(host) !== 0) {
    addresses = [{ address: host, family: isIP(host) === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await (policy.resolve ?? systemResolve)(host);
    } catch {
      return { ok: false, problem: 'host not found' };
    }
  }
  if (addresses.length === 0) return { ok: false, problem: 'host not found' };
  for (const { address } of addresses) {
    const kind = classifyAddress(address);
    if (kind === 'public' || (kind === 'loopback' && policy.allowLoopback)) continue;
    return { ok: false, problem: REFUSED_WORDS[kind] };
  }
  if (url.protocol === 'http:' && !addresses.every(({ address }) => classifyAddress(address) === 'loopback')) {
    return { ok: false, problem: 'it must start with https://' };
  }
  return { ok: true, url, addresses };
}
