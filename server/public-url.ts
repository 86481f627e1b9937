import { networkInterfaces, hostname } from 'node:os';

/**
 * The address phones reach this server at. PUBLIC_URL wins; otherwise the machine's first LAN
 * IPv4 address, so that phones on the room's Wi-Fi reach the facilitator's laptop. Never
 * localhost: a QR code pointing at the phone itself would be useless.
 */
export function resolvePublicUrl(env: { PUBLIC_URL?: string | undefined }, port: number): string {
  if (env.PUBLIC_URL) return env.PUBLIC_URL.replace(/\/+$/, '');
  return `http://${lanAddress()}:${port}`;
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
