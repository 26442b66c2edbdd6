/**
 * Which client a request counts against. `X-Forwarded-For` is believed only when the
 * operator says a proxy sets it, and then only the entry that proxy appended.
 */

/** How many proxies `trustProxy` (`true` = one) says append to `X-Forwarded-For`. */
export function proxyHops(trustProxy: boolean | number | undefined): number {
  const hops = trustProxy === true ? 1 : Number(trustProxy || 0);
  if (!Number.isInteger(hops) || hops < 0) throw new RangeError(`trustProxy must be a boolean or a whole number, got ${trustProxy}`);
  return hops;
}

/**
 * The entry `hops` trusted proxies appended: the `hops`-th from the right of a forwarding header.
 * With fewer entries than proxies none of them is ours to believe (the leftmost is whatever the
 * client sent), so there is no answer and the caller uses what the socket says.
 */
export function forwardedFor(header: string | null, hops: number): string | undefined {
  if (!header || hops < 1) return undefined;
  const entries = header
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  return entries.length < hops ? undefined : entries[entries.length - hops];
}

// `a.b.c.d:port` and `[v6]` or `[v6]:port`, as proxies write a peer; a bare IPv6 has no port.
const IPV4_PORT = /^(\d+\.\d+\.\d+\.\d+):\d*$/;
const BRACKETED = /^\[([^\]]*)\](?::\d*)?$/;

/**
 * A rate-limit key for an address: any port is dropped (each connection has its own),
 * IPv4-mapped IPv6 is unwrapped, and IPv6 is cut to its /64 (one subscriber usually holds
 * a whole /64, so single addresses are free to rotate).
 */
export function clientKey(address: string): string {
  let ip = address.trim().toLowerCase();
  ip = (IPV4_PORT.exec(ip) ?? BRACKETED.exec(ip))?.[1] ?? ip;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
  if (mapped) return mapped[1]!;
  if (!ip.includes(':')) return ip;
  ip = ip.split('%')[0]!;
  const [head = '', tail] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0');
  const groups = [...left, ...fill, ...right].slice(0, 4).map((g) => g.replace(/^0+(?=.)/, ''));
  return `${groups.join(':')}::/64`;
}
