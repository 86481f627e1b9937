import { resolve } from 'node:path';
import { createApp } from './app.ts';
import { createDemoConvention } from './demo/create-demo.ts';
import { createLogger } from './logger.ts';
import { isEveryInterface, resolvePublicUrl } from './public-url.ts';
import { joinUrl } from '../shared/views/live.ts';

// Reads the environment, composes the app, creates the demo on first start, prints the links.
const logger = createLogger();
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '0.0.0.0';
const dataDir = resolve(process.env.DATA_DIR ?? './data');
const publicUrl = resolvePublicUrl(process.env, port);

const app = createApp({ dataDir, publicUrl, logger });
const actualPort = await app.listen(port, host);

if (app.engine.conventions.size === 0) {
  await createDemoConvention(app.engine, Number(process.env.DEMO_MEMBERS ?? 100));
  logger.info('created the demo convention');
}

const url = publicUrl.includes(`:${port}`) ? publicUrl.replace(`:${port}`, `:${actualPort}`) : publicUrl;
const lines = ['', `Convergence is running on ${host}:${actualPort} (data in ${dataDir})`];
// Links follow a specific HOST (resolvePublicUrl); say so when phones on the Wi-Fi cannot use them.
if (!process.env.PUBLIC_URL && /^(127\.|::1$|\[::1\]$|localhost$)/.test(host)) {
  lines.push(`  Listening on ${host} only: these links work on this machine, not on phones (HOST=0.0.0.0 for the room's Wi-Fi).`);
} else if (!process.env.PUBLIC_URL && !isEveryInterface(host)) {
  lines.push(`  Listening on ${host} only: the links use that address.`);
}
for (const conv of app.engine.conventions.values()) {
  const live = conv.liveSessionId ? conv.sessions[conv.liveSessionId] : undefined;
  lines.push('', `  ${conv.name}`);
  lines.push(`  Console (facilitator):  ${url}/console/${conv.keys.facilitator}`);
  lines.push(`  Projector:              ${url}/screen/${conv.keys.projector}`);
  if (live) lines.push(`  Join (phones):          ${joinUrl(url, live.code)}   session code ${live.code}`);
  const sample = conv.memberOrder.slice(0, 3).map((id) => `${conv.members[id]!.name}: ${conv.members[id]!.seatCode}`);
  if (sample.length) lines.push(`  Seat codes, e.g.:       ${sample.join(' · ')} (all in the console)`);
}
console.log(lines.join('\n') + '\n');

// A last line of defence: a failure nobody awaited is logged; the process keeps serving the room.
process.on('unhandledRejection', (error) => logger.error({ err: error }, 'unhandled rejection'));

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    // Everything acknowledged is already on disk: a slow close must not hold the process up.
    setTimeout(() => process.exit(0), 3000).unref();
    void app.close().then(() => process.exit(0));
  });
}
