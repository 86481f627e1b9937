// Conventions of a data folder, from the command line (README, "Backup and handover"):
//   npm run -s convention -- list
//   npm run -s convention -- backup <conventionId|name> <file.json>
//   npm run -s convention -- restore <file.json> [--force]
// The folder is DATA_DIR (default ./data). A backup can be made while a server runs (it only
// reads the log); a restore refuses a folder a live server holds (server/store/data-lock.ts):
// that server's memory would not see it, so restore from its console instead. Exit codes: 0
// done (an identical copy included), 1 refused or failed (one line on stderr), 2 bad usage.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { backupOf, restoreBackup } from '../backup/handover.ts';
import { Engine } from '../engine/engine.ts';
import { systemContext } from '../ids.ts';
import { dataLockHolder } from '../store/data-lock.ts';
import { EventStore } from '../store/event-store.ts';

const USAGE = `usage: npm run -s convention -- list
       npm run -s convention -- backup <conventionId|name> <file.json>
       npm run -s convention -- restore <file.json> [--force]
DATA_DIR is the data folder (default ./data).`;

class CliExit extends Error {
  constructor(
    readonly code: 1 | 2,
    message: string,
  ) {
    super(message);
  }
}

const fail = (code: 1 | 2, message: string): never => {
  throw new CliExit(code, message);
};

// `npm run` starts scripts in the package root; INIT_CWD is where the user typed the command.
const baseDir = () => (process.env.npm_lifecycle_event === 'convention' ? process.env.INIT_CWD : undefined) ?? process.cwd();
const dataDir = () => resolve(baseDir(), process.env.DATA_DIR ?? './data');

function openEngine(options: { lock: boolean }): { engine: Engine; store: EventStore } {
  const dir = dataDir();
  const file = join(dir, 'convergence.sqlite');
  if (!existsSync(file)) {
    if (!options.lock) fail(1, `no convention log in ${dir}`);
    // A restore may be the folder's first content: the log is created, as a server would.
    mkdirSync(dir, { recursive: true });
  }
  // Only a restore writes: a backup reads beside a running server and takes no lock.
  const store = new EventStore(file, { lock: options.lock });
  return { engine: new Engine(store, systemContext()), store };
}

function main(argv: string[]): void {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help') {
    process.stdout.write(`${USAGE}\n`);
    if (command === undefined) process.exitCode = 2;
    return;
  }
  if (command === 'list') {
    if (rest.length > 0) fail(2, `list takes no argument. ${USAGE}`);
    const { engine, store } = openEngine({ lock: false });
    try {
      for (const conv of engine.conventions.values()) process.stdout.write(`${conv.id}\t${conv.name}\t${Object.keys(conv.members).length} members\t${conv.sessionOrder.length} sessions\n`);
    } finally {
      store.close();
    }
    return;
  }
  if (command === 'backup') {
    if (rest.length !== 2 || rest.some((arg) => arg.startsWith('-'))) fail(2, `backup takes a convention and a file. ${USAGE}`);
    const [which, target] = rest as [string, string];
    const { engine, store } = openEngine({ lock: false });
    try {
      const matches = [...engine.conventions.values()].filter((c) => c.id === which || c.name === which);
      if (matches.length === 0) fail(1, `no convention "${which}" in ${dataDir()} (npm run convention -- list)`);
      if (matches.length > 1) fail(1, `several conventions are named "${which}": give its id (npm run convention -- list)`);
      const made = backupOf(engine, matches[0]!.id);
      const backup = made.ok ? made.backup : fail(1, made.error.message);
      const path = resolve(baseDir(), target);
      writeFileSync(path, JSON.stringify(backup));
      process.stdout.write(`${backup.convention.name}: ${backup.eventCount} events written to ${path}\n`);
    } finally {
      store.close();
    }
    return;
  }
  if (command === 'restore') {
    const force = rest.includes('--force');
    const files = rest.filter((arg) => arg !== '--force');
    if (files.length !== 1 || files[0]!.startsWith('-')) fail(2, `restore takes one file (and --force). ${USAGE}`);
    const holder = dataLockHolder(dataDir());
    if (holder) fail(1, `a server (pid ${holder.pid}) is running on ${dataDir()}: restore from its console (Séance, Sauvegarde), or stop it first`);
    let text = '';
    try {
      text = readFileSync(resolve(baseDir(), files[0]!), 'utf8');
    } catch (error) {
      fail(1, `cannot read ${files[0]}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
    }
    const { engine, store } = openEngine({ lock: true });
    try {
      const restored = restoreBackup(engine, text, { force });
      if (!restored.ok) fail(1, restored.error.code === 'BACKUP_DIVERGED' ? `${restored.error.message.replace('(force to replace)', '')}; add --force to replace it` : restored.error.message);
      else {
        const { plan, replaced } = restored;
        const what = !replaced ? 'identical to the one in place: nothing to do' : plan.standing === 'absent' ? `created (${plan.copyEvents} events)` : `replaced (${plan.placeEvents} events in place, ${plan.copyEvents} in the copy${plan.standing === 'diverged' ? `, ${plan.placeEvents - plan.common} dropped` : ''})`;
        process.stdout.write(`${plan.name}: ${what}\n`);
      }
    } finally {
      store.close();
    }
    return;
  }
  fail(2, `unknown command ${command}. ${USAGE}`);
}

try {
  main(process.argv.slice(2));
} catch (error) {
  if (error instanceof CliExit) {
    process.stderr.write(`convention: ${error.message.replace(/\s*\n\s*/g, ' ')}\n`);
    process.exitCode = error.code;
  } else {
    process.stderr.write(`convention: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
