import { networkInterfaces, hostname } from 'node:os';

/**
 * The address phones reach this server at. PUBLIC_URL wins. Otherwise it follows HOST when the
 * server listens on one specific address (HOST=127.0.0.1: the links point where something
 * listens); when it listens on every interface (0.0.0.0, ::, unset), the machine's first LAN
 * IPv4 address, so that phones on the room's Wi-Fi reach the facilitator's laptop (never
 * localhost there: a QR code pointing at the phone itself would be useless).
 */
export function resolvePublicUrl(
  env: { PUBLIC_URL?: string | undefined; HOST?: string | undefined },
  port: number,
  lan: () => string = lanAddress,
): string {
  if (env.PUBLIC_URL) return env.PUBLIC_URL.replace(/\/+$/, '');
  const host = env.HOST?.trim();
  if (!host || isEveryInterface(host)) return `http://${lan()}:${port}`;
  // An IPv6 literal goes in brackets in a URL.
  const inUrl = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `http://${inUrl}:${port}`;
}

/** The wildcard addresses: listening on them means listening on every interface. */
export function isEveryInterface(host: string): boolean {
  return ['0.0.0.0', '::', '[::]', '::0', '0:0:0:0:0:0:0:0'].includes(host.trim());
}

export function lanAddress(): string {
  const candidates = Object.values(networkInterfaces())
    .flat()
    .filter((i) => i && i.family === 'IPv4' && !i.internal)
    .map((i) => i!.address);
  // Prefer private ranges: that is where a room's Wi-Fi lives.
  const isPrivate = (a: string) => /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(a);
  return candidates.find(isPrivate) ?? candidates[0] ?? hostname();
}
