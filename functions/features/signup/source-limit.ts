import { isIPv4, isIPv6 } from 'node:net';
import type { SourceIpWindowRepository } from '../../adapters/dynamodb/source-ip-window-repository.js';
import { logger } from '../../common/logger.js';
import { MetricUnit, metrics } from '../../common/metrics.js';
import { IntakeRateLimitedError } from './errors.js';

/**
 * Sign-ups and "email me my link" requests allowed per source network per window, counted together (both send email
 * to an address anyone can type). 10 in 10 minutes is several times what one person needs (a sign-up, a retry or two,
 * a link), while one client can no longer fill the per-route API throttle that everyone shares (issue 12, case 9).
 * People behind one address (a gym's Wi-Fi, a carrier NAT) share it too: ADR 0024 weighs that.
 */
export const SOURCE_LIMIT = { windowSeconds: 10 * 60, limit: 10 } as const;

/** Emitted on every 429, so an operator sees a flood (or a limit too tight for a shared network). */
export const INTAKE_RATE_LIMITED_METRIC = 'IntakeRateLimited';

/** Requests whose source API Gateway did not give (hand-made events) share one bucket rather than none. */
const UNKNOWN_SOURCE = 'unknown';

/**
 * The network one client controls: an IPv4 address, or the /64 of an IPv6 one (a home or phone gets a whole /64 and
 * can pick any address in it, so counting single IPv6 addresses would limit nobody). An IPv4-mapped IPv6 address
 * counts as its IPv4 address.
 */
export function sourceNetwork(sourceIp: string | undefined): string {
  const ip = (sourceIp ?? '').trim().toLowerCase().replace(/%.*$/, '');
  if (isIPv4(ip)) return ip;
  if (!isIPv6(ip)) return UNKNOWN_SOURCE;
  const hextets = ipv6Hextets(ip);
  if (hextets.slice(0, 5).every((group) => group === '0') && hextets[5] === 'ffff') {
    const [high = 0, low = 0] = hextets.slice(6).map((group) => Number.parseInt(group, 16));
    return [high >> 8, high & 255, low >> 8, low & 255].join('.');
  }
  return `${hextets.slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address, `::` expanded and a trailing dotted IPv4 part converted. */
function ipv6Hextets(ip: string): string[] {
  const groups = (part: string) => (part ? part.split(':') : []).flatMap(dottedToHextets);
  const [head = '', tail] = ip.split('::');
  const front = groups(head);
  const back = tail === undefined ? [] : groups(tail);
  const zeros = Array.from({ length: 8 - front.length - back.length }, () => '0');
  return [...front, ...zeros, ...back].map((group) => Number.parseInt(group, 16).toString(16));
}

function dottedToHextets(group: string): string[] {
  if (!group.includes('.')) return [group];
  const [a = 0, b = 0, c = 0, d = 0] = group.split('.').map(Number);
  return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
}

/**
 * Counts this request against its network's window: undefined lets it through; a full window gets the 429 to answer
 * with (and this request was not counted). Logs no address, not even a masked one: the metric and the 429 say enough.
 */
export async function checkSourceLimit(
  windows: SourceIpWindowRepository,
  sourceIp: string | undefined,
  now: Date,
): Promise<IntakeRateLimitedError | undefined> {
  const { admitted, windowEndsAt } = await windows.admit(sourceNetwork(sourceIp), now, SOURCE_LIMIT);
  if (admitted) return undefined;
  const retryAfterSeconds = Math.max(1, Math.ceil((windowEndsAt.getTime() - now.getTime()) / 1000));
  logger.info('intake refused: too many requests from one network', { retryAfterSeconds });
  metrics.addMetric(INTAKE_RATE_LIMITED_METRIC, MetricUnit.Count, 1);
  return new IntakeRateLimitedError(retryAfterSeconds);
}
