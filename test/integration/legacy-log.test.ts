import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../server/app.ts';
import type { Engine } from '../../server/engine/engine.ts';
import type { Ack } from '../../shared/protocol.ts';
import { closeAllClients, connectClient, http } from '../helpers/client.ts';

// Issue 11: the event log of an existing data folder still replays to the same state. The
// fixture (test/fixtures/legacy-log/, see its README) is a data folder written by the code
// before the feature folders and the registry (commit c85e4fd), with the state that code held
// and every command it was sent. The new code must rebuild exactly that state from it, the way
// the server starts (newest snapshot, the events after it, the secret tallies), and answer a
// retry of any of those commands with the ack stored then.

const FIXTURE = resolve(import.meta.dirname, '../fixtures/legacy-log');
const PUBLIC_URL = 'http://192.0.2.10:3000';

type Actor = Parameters<Engine['execute']>[0];
interface SentCommand {
  /** The old engine's actorKey: `facilitator:<conv>`, `support:<conv>`, `member:<conv>:<member>`. */
  actor: string;
  name: string;
  args: unknown;
  cid: string;
  ack: Ack;
}
interface SentImport {
  path: string;
  contentType: string;
  idempotencyKey: string;
  body: string;
  response: unknown;
}
interface Sent {
  conventionId: string;
  commands: SentCommand[];
  imports: SentImport[];
  /** Phone tokens of members who joined by seat code (their hash is in SeatClaimed). */
  tokens: Record<string, string>;
}

const legacyState = JSON.parse(readFileSync(join(FIXTURE, 'state.json'), 'utf8')) as { conventions: Record<string, unknown> };
const sent = JSON.parse(readFileSync(join(FIXTURE, 'commands.json'), 'utf8')) as Sent;

const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** The collections whose items gained `frozen` since the fixture: what they counted, kept at close (issue 12). */
const FROZEN_IN = ['activities', 'votes', 'checks', 'gradings', 'visions', 'speedMeetings', 'questionRounds', 'polls'] as const;

/**
 * The state as the old code held it: without the records the current code keeps when an activity
 * closes (`frozen`), which the old state had no field for. Replay computes them at each close
 * from the state then; 'a closed activity of the old log gets its record' checks them.
 */
function asLegacy(world: Record<string, unknown>): unknown {
  const copy = plain(world) as Record<string, Record<string, Record<string, Record<string, unknown>>>>;
  for (const conv of Object.values(copy)) for (const key of FROZEN_IN) for (const item of Object.values(conv[key] ?? {})) delete item.frozen;
  return copy;
}

function actorOf(key: string): Actor {
  const [role, conventionId, memberId] = key.split(':') as [string, string, string?];
  if (role === 'member') return { role, conventionId, memberId: memberId! };
  if (role === 'facilitator' || role === 'projector' || role === 'support') return { role, conventionId };
  throw new Error(`unexpected actor ${key}`);
}

const dirs: string[] = [];
const apps: App[] = [];

/** A copy of the fixture's data folder, so the fixture itself is never written to. */
function copyOfData(): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'convergence-legacy-'));
  cpSync(join(FIXTURE, 'data'), dataDir, { recursive: true });
  dirs.push(dataDir);
  return dataDir;
}

/** The new server on that folder, composed as server/main.ts does it (the Engine loads the log). */
function start(dataDir: string): App {
  const app = createApp({ dataDir, publicUrl: PUBLIC_URL, clientDir: null, logger: pino({ level: 'silent' }) });
  apps.push(app);
  return app;
}

function readDb<T>(dataDir: string, read: (db: Database.Database) => T): T {
  const db = new Database(join(dataDir, 'convergence.sqlite'), { fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

afterEach(async () => {
  await closeAllClients();
  for (const app of apps.splice(0)) await app.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('a data folder written before the feature folders (commit c85e4fd)', () => {
  it('holds what the test relies on: a snapshot half-way, events after it, secret tallies of an open vote', () => {
    const dataDir = copyOfData();
    const facts = readDb(dataDir, (db) => ({
      lastSeq: (db.prepare('SELECT MAX(seq) AS seq FROM events').get() as { seq: number }).seq,
      snapshots: db.prepare('SELECT seq FROM snapshots').all() as { seq: number }[],
      tallies: (db.prepare('SELECT COUNT(*) AS n FROM secret_tallies').get() as { n: number }).n,
    }));
    expect(facts.snapshots).toHaveLength(1);
    expect(facts.snapshots[0]!.seq).toBeGreaterThan(0);
    expect(facts.snapshots[0]!.seq).toBeLessThan(facts.lastSeq - 100);
    expect(facts.tallies).toBeGreaterThan(0);
    // A secret vote still open: its counts exist only in secret_tallies, and are in the old state.
    const conv = legacyState.conventions[sent.conventionId] as { votes: Record<string, { secret: boolean; status: string }> };
    expect(Object.values(conv.votes).some((vote) => vote.secret && vote.status === 'open')).toBe(true);
  });

  it('the new server rebuilds the state the old one held (newest snapshot, the events after it, secret tallies)', () => {
    const app = start(copyOfData());
    expect(asLegacy(app.engine.world())).toStrictEqual(legacyState.conventions);
  });

  it('the whole log, replayed from its first event without the snapshot, gives the same state', () => {
    const dataDir = copyOfData();
    readDb(dataDir, (db) => db.prepare('DELETE FROM snapshots').run());
    const app = start(dataDir);
    expect(asLegacy(app.engine.world())).toStrictEqual(legacyState.conventions);
  });

  it('a closed activity of the old log gets its frozen record on replay, an open one none', () => {
    const conv = plain(start(copyOfData()).engine.world())[sent.conventionId] as unknown as Record<string, Record<string, { frozen: unknown; status?: string; phase?: string }>>;
    const closed = (item: { status?: string; phase?: string }) => item.status === 'closed' || item.status === 'ended' || item.phase === 'closed';
    const items = FROZEN_IN.flatMap((key) => Object.values(conv[key] ?? {}).map((item) => ({ key, item })));
    // The fixture closed a ranking, a vote, a check, a grading, a vision, a speed meeting, a round of questions and polls.
    expect(new Set(items.filter(({ item }) => closed(item)).map(({ key }) => key))).toEqual(new Set(FROZEN_IN));
    for (const { key, item } of items) expect(item.frozen === null, key).toBe(!closed(item));
  });

  it('a retry of each old command, with its cid, gets the ack stored then and changes nothing', async () => {
    const dataDir = copyOfData();
    const app = start(dataDir);
    const events = () => readDb(dataDir, (db) => (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n);
    const before = events();
    expect(sent.commands.length).toBeGreaterThan(200);
    const answers = await Promise.all(sent.commands.map((c) => app.engine.execute(actorOf(c.actor), c.name, { cid: c.cid, args: c.args })));
    const differing = sent.commands.flatMap((c, i) => (JSON.stringify(answers[i]) === JSON.stringify(c.ack) ? [] : [{ name: c.name, cid: c.cid, stored: c.ack, answered: answers[i] }]));
    expect(differing).toEqual([]);
    expect(events()).toBe(before);
    expect(asLegacy(app.engine.world())).toStrictEqual(legacyState.conventions);
  });

  it('over sockets too: the facilitator and a phone that joined before the upgrade get their stored acks', async () => {
    const app = start(copyOfData());
    const url = `http://127.0.0.1:${await app.listen(0, '127.0.0.1')}`;
    const conv = app.engine.conventions.get(sent.conventionId)!;
    const facilitator = await connectClient(url, conv.keys.facilitator);
    const byFacilitator = sent.commands.find((c) => c.name === 'proposal.enter')!;
    expect(await facilitator.send(byFacilitator.name, byFacilitator.args, byFacilitator.cid)).toEqual(byFacilitator.ack);

    const [memberId, token] = Object.entries(sent.tokens).find(([id]) => sent.commands.some((c) => c.actor.endsWith(`:${id}`) && c.name === 'proposal.create'))!;
    const phone = await connectClient(url, token);
    const byPhone = sent.commands.find((c) => c.actor.endsWith(`:${memberId}`) && c.name === 'proposal.create')!;
    expect(await phone.send(byPhone.name, byPhone.args, byPhone.cid)).toEqual(byPhone.ack);
    // A secret ballot's retry: no request was kept beside it, the ack answers it all the same.
    const ballot = sent.commands.find((c) => c.actor.endsWith(`:${memberId}`) && c.name === 'vote.cast')!;
    expect(await phone.send(ballot.name, ballot.args, ballot.cid)).toEqual(ballot.ack);
    expect(asLegacy(app.engine.world())).toStrictEqual(legacyState.conventions);
  });

  /** Each old file import sent again under its Idempotency-Key: what the new server answers. */
  async function retryImports(): Promise<{ path: string; status: number; body: unknown }[]> {
    const app = start(copyOfData());
    const url = `http://127.0.0.1:${await app.listen(0, '127.0.0.1')}`;
    const key = app.engine.conventions.get(sent.conventionId)!.keys.facilitator;
    expect(sent.imports.map((i) => i.path)).toEqual(['/roster/import', '/proposals/import']);
    const answers = [];
    for (const file of sent.imports) {
      const res = await http(`${url}/api${file.path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': file.contentType, 'idempotency-key': file.idempotencyKey },
        body: file.body,
      });
      answers.push({ path: file.path, status: res.status, body: res.body });
    }
    // Whatever the answer, nothing is imported twice.
    expect(asLegacy(app.engine.world())).toStrictEqual(legacyState.conventions);
    return answers;
  }

  it('a file import retried with its Idempotency-Key after the upgrade imports nothing twice', async () => {
    await retryImports();
  });

  // The imports became named commands (roster.import, proposal.import) and their request digest
  // changed with them: the old routes hashed ('roster.import', the CSV text) and
  // ('proposals.import', { format, text }). The engine also accepts those old digests
  // (server/engine/request-digest.ts: legacyDigests), so a retry across the upgrade still gets
  // its stored answer rather than CID_REUSED.
  it('a file import retried with its Idempotency-Key after the upgrade gets the answer stored then', async () => {
    const answers = await retryImports();
    expect(answers).toEqual(sent.imports.map((file) => ({ path: file.path, status: 200, body: file.response })));
  });
});
