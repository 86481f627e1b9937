import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../server/app.ts';
import { stateHash } from '../../server/backup/fingerprint.ts';
import type { BackupFile } from '../../server/backup/format.ts';
import { closeAllClients, connectClient } from '../helpers/client.ts';
import { closeAll, PUBLIC_URL, startServer } from '../helpers/server.ts';

// `npm run convention -- list | backup | restore` (server/cli/convention.ts) run as a child
// process, the way an operator runs it on the laptop or the hosted server: a backup beside a
// running server, a restore into another data folder that gives the same state, and the
// refusals (a running server's folder, an older, damaged or diverged copy; bad usage).

const dirs: string[] = [];
const apps: App[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'convergence-cli-'));
  dirs.push(dir);
  return dir;
}

function cli(dataDir: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, ['--import', 'tsx', 'server/cli/convention.ts', ...args], { env: { ...process.env, DATA_DIR: dataDir }, cwd: process.cwd() }, (error, stdout, stderr) => {
      done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

async function openApp(dataDir: string): Promise<App> {
  const app = createApp({ dataDir, publicUrl: PUBLIC_URL, clientDir: null, logger: pino({ level: 'silent' }) });
  await app.listen(0, '127.0.0.1');
  apps.push(app);
  return app;
}

async function closeApp(app: App): Promise<void> {
  apps.splice(apps.indexOf(app), 1);
  await app.close();
}

afterEach(async () => {
  await closeAllClients();
  for (const app of apps.splice(0)) await app.close();
  await closeAll();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('npm run convention', () => {
  it('backs up beside a running server, restores into another folder with the same state, refuses what it must', { timeout: 60_000 }, async () => {
    const laptop = await startServer();
    const id = laptop.conventionId;
    const facilitator = await connectClient(laptop.url, laptop.facilitatorKey);
    const add = (title: string) => facilitator.send('agenda.add', { sessionId: laptop.live.id, title, kind: 'talk', durationMin: 10 });
    expect((await add('Avant la sauvegarde')).ok).toBe(true);
    const work = tempDir();
    const copy = join(work, 'copie.json');

    const listed = await cli(laptop.dataDir, 'list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`${id}\t${laptop.conv.name}\t`);
    // By name, while the server runs: reading needs no lock.
    const backup = await cli(laptop.dataDir, 'backup', laptop.conv.name, copy);
    expect([backup.code, backup.stderr]).toEqual([0, '']);
    const file = JSON.parse(readFileSync(copy, 'utf8')) as BackupFile;
    expect(file.stateHash).toBe(stateHash(laptop.conv));

    // A restore into the running server's folder is refused: its memory would not see it.
    const busy = await cli(laptop.dataDir, 'restore', copy);
    expect(busy.code).toBe(1);
    expect(busy.stderr).toMatch(/a server \(pid \d+\) is running/);

    // Another machine's empty folder: the convention is created, and a server started there holds the same state.
    // A folder that does not exist yet, as DATA_DIR on a fresh machine.
    const hosted = join(tempDir(), 'data');
    const created = await cli(hosted, 'restore', copy);
    expect([created.code, created.stdout]).toEqual([0, `${laptop.conv.name}: created (${file.eventCount} events)\n`]);
    const again = await cli(hosted, 'restore', copy);
    expect([again.code, again.stdout]).toEqual([0, `${laptop.conv.name}: identical to the one in place: nothing to do\n`]);
    let app = await openApp(hosted);
    expect(stateHash(app.engine.conventions.get(id)!)).toBe(stateHash(laptop.conv));
    // Work on the hosted server, which is then stopped: its copy is newer than the laptop's.
    expect((await app.engine.command({ role: 'facilitator', conventionId: id }, 'agenda.add', { sessionId: laptop.live.id, title: 'Sur le serveur', kind: 'talk', durationMin: 5 })).ok).toBe(true);
    const hostedHash = stateHash(app.engine.conventions.get(id)!);
    await closeApp(app);
    const newer = join(work, 'newer.json');
    expect((await cli(hosted, 'backup', id, newer)).code).toBe(0);

    // The older copy is refused there, and changes nothing.
    const older = await cli(hosted, 'restore', copy);
    expect(older.code).toBe(1);
    expect(older.stderr).toMatch(/older than the convention in place/);
    const damaged = join(work, 'damaged.json');
    writeFileSync(damaged, readFileSync(newer, 'utf8').replace('Sur le serveur', 'Sur le serveuR'));
    const refused = await cli(hosted, 'restore', damaged);
    expect([refused.code, refused.stderr]).toEqual([1, 'convention: not a valid backup (fingerprint)\n']);
    app = await openApp(hosted);
    expect(stateHash(app.engine.conventions.get(id)!)).toBe(hostedHash);
    await closeApp(app);

    // Meanwhile the laptop moved on too: the two copies diverged. Refused, then forced.
    expect((await add('Sur le portable')).ok).toBe(true);
    const laptopCopy = join(work, 'laptop.json');
    expect((await cli(laptop.dataDir, 'backup', id, laptopCopy)).code).toBe(0);
    const diverged = await cli(hosted, 'restore', laptopCopy);
    expect(diverged.code).toBe(1);
    expect(diverged.stderr).toMatch(/went separate ways after event \d+.*add --force/);
    const forced = await cli(hosted, 'restore', laptopCopy, '--force');
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/replaced \(\d+ events in place, \d+ in the copy, 1 dropped\)/);
    app = await openApp(hosted);
    expect(stateHash(app.engine.conventions.get(id)!)).toBe(stateHash(laptop.conv));
  });

  it('says how to use it: exit 2 on bad usage, 1 on a missing convention or file', async () => {
    const dir = tempDir();
    expect((await cli(dir, 'backup')).code).toBe(2);
    expect((await cli(dir, 'frobnicate')).code).toBe(2);
    expect((await cli(dir, 'restore', 'a.json', 'b.json')).code).toBe(2);
    const missing = await cli(dir, 'restore', join(dir, 'nope.json'));
    expect([missing.code, missing.stderr]).toEqual([1, `convention: cannot read ${join(dir, 'nope.json')}: no such file\n`]);
    const none = await cli(dir, 'backup', 'x', join(dir, 'x.json'));
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/no convention log in/);
  });
});
