import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { createApp } from './app.ts';
import { createDemoConvention } from './demo/create-demo.ts';
import { createLogger } from './logger.ts';
import { loadOperatorKey, OperatorKeyError } from './operator-key.ts';
import { isEveryInterface, resolvePublicUrl } from './public-url.ts';
import { conventionLinks } from '../shared/features/core/links.ts';
import { joinUrl } from '../shared/views/live.ts';

// Reads the environment, composes the app, creates the demo on first start (unless DEMO=off or
// --no-demo), prints the links.
const logger = createLogger();
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '0.0.0.0';
const dataDir = resolve(process.env.DATA_DIR ?? './data');
const publicUrl = resolvePublicUrl(process.env, port);
const withDemo = !process.argv.includes('--no-demo') && !/^(off|0|false|no)$/i.test(process.env.DEMO?.trim() ?? '');

mkdirSync(dataDir, { recursive: true });
let operatorKey: string;
try {
  operatorKey = loadOperatorKey(dataDir, process.env.OPERATOR_KEY).key;
} catch (error) {
  // A key nobody can use (or one anybody could guess) is worse than no start: say why and stop.
  if (!(error instanceof OperatorKeyError)) throw error;
  console.error(`\nConvergence did not start: ${error.message}\n`);
  process.exit(1);
}

const app = createApp({ dataDir, publicUrl, logger, operatorKey });
const actualPort = await app.listen(port, host);

if (app.engine.conventions.size === 0 && withDemo) {
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
  const links = conventionLinks(conv.keys, url);
  lines.push(`  Console (facilitator):  ${links.console}`);
  lines.push(`  Projector:              ${links.projector}`);
  lines.push(`  Speaker (questions):    ${links.speaker}`);
  if (live) lines.push(`  Join (phones):          ${joinUrl(url, live.code)}   session code ${live.code}`);
  // No names and no seat codes here: the terminal's scrollback, a screen share or a service's
  // journal keeps them (docs/privacy.md). The console's Membres tab holds them, printable.
  if (conv.memberOrder.length) lines.push(`  Members:                ${conv.memberOrder.length}, with their seat codes in the console's Membres tab`);
}
// The operator's page lists every convention with its links and creates new ones.
lines.push('', `  Operator (all conventions): ${url}/operator/${app.operatorKey}`);
if (app.engine.conventions.size === 0) lines.push('  No convention yet: open the operator link above and create one (blank or from a template), then hand its console link to the facilitator.');
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
