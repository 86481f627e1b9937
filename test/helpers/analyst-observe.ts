import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import type { PatchMessage, SnapshotMessage } from '../../shared/protocol.ts';
import { applyPatch } from '../../shared/sync/patch.ts';
import type { BallotGroup, Seating } from './analyst.ts';
import { http, type Received } from './client.ts';
import { DATASETS } from '../../server/open-data/datasets.ts';

// The analyst's other material: the server's log, every export the console can download, and
// the console's own stream (the facilitator sees live counts). Each is turned into what
// analyst.ts reasons on.

/** A logger that keeps every line the server writes, at every level (what a log file would hold). */
export function capturedLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: pino({ level: 'trace' }, sink), lines };
}

/** Everything the console can download for this convention: exports, CSV sheets and the backup file. */
export async function downloadExports(url: string, facilitatorKey: string, sessionId: string): Promise<{ texts: Record<string, string>; backup: any; exportJson: any }> {
  const headers = { authorization: `Bearer ${facilitatorKey}` };
  const openData = DATASETS.flatMap((d) => [`open-data/${d.name}.csv`, `open-data/${d.name}.json`]);
  const paths = ['export.json', 'report/dossier', 'export/rankings.csv', `export/questions.csv?session=${sessionId}`, `export/questions.json?session=${sessionId}`, `export/speed.csv?session=${sessionId}`, 'backup', ...openData];
  const texts: Record<string, string> = {};
  for (const path of paths) {
    const res = await fetch(`${url}/api/${path}`, { headers });
    if (res.ok) texts[path] = await res.text();
  }
  const exportJson = (await http(`${url}/api/export.json`, { headers })).body;
  return { texts, backup: JSON.parse(texts.backup ?? 'null'), exportJson };
}

/** Who sits where in this session, from export.json (the tables are public in the room anyway). */
export function seatingOf(exportJson: { sessions: { id: string; tables: { id: string; memberIds: string[] }[] }[] }, sessionId: string): Seating {
  const session = exportJson.sessions.find((s) => s.id === sessionId);
  const tables = new Map((session?.tables ?? []).map((t) => [t.id, t.memberIds]));
  const tableOf = new Map<string, string>();
  for (const [id, members] of tables) for (const m of members) tableOf.set(m, id);
  return { tables, tableOf };
}

/** Each member's value of each attribute (issue 17's strata), from export.json's roster, as memberStrata reads it. */
export function rosterOf(exportJson: { members: { id: string; attributes: Record<string, string> }[] }, attributes: string[]): Map<string, Record<string, string>> {
  return new Map(exportJson.members.map((m) => [m.id, Object.fromEntries(attributes.map((a) => [a, (m.attributes[a] ?? '').trim()]))]));
}

/** Lines of any text that name a member (id, name or seat code): a log must have none. */
export function linesNaming(texts: string[], names: string[]): string[] {
  return texts.filter((line) => names.some((n) => n.length >= 4 && line.includes(n)));
}

/** Each state of the console's view, rebuilt from what the facilitator's socket received, with its arrival time. */
export function consoleStates(received: Received[]): { at: number; view: any }[] {
  const states: { at: number; view: any }[] = [];
  let channel: string | null = null;
  let view: unknown = null;
  for (const message of received) {
    if (message.event === 'sync:snapshot') {
      const snapshot = message.args[0] as SnapshotMessage;
      if (snapshot.kind !== 'console') continue;
      channel = snapshot.channel;
      view = snapshot.view;
    } else if (message.event === 'sync:patch') {
      const patch = message.args[0] as PatchMessage;
      if (patch.channel !== channel) continue;
      view = applyPatch(view, patch.patch);
    } else continue;
    states.push({ at: message.at, view });
  }
  return states;
}

/**
 * What the console shows of each secret question at one moment: how many answered, and the live
 * counts in the store's cells (vote choices; agreement levels with "unsure" as the last level).
 * Gradings show a majority-judgment ranking (median, shares above and below), not cells: left out.
 */
function consoleCounts(view: any): Map<string, { answered: number; cells: Record<string, number> }> {
  const out = new Map<string, { answered: number; cells: Record<string, number> }>();
  for (const session of view?.sessions ?? []) {
    for (const vote of session.votes ?? []) if (vote.secret) out.set(`vote:${vote.id}`, { answered: vote.voted, cells: { ...vote.tally } });
    for (const check of session.deliberation?.checks ?? []) {
      for (const reading of check.readings ?? []) {
        const cells: Record<string, number> = {};
        reading.counts.forEach((n: number, level: number) => (cells[String(level)] = n));
        cells[String(check.levels.length)] = reading.unsure;
        out.set(`agree:${check.id}:${reading.proposalId}`, { answered: check.answered[reading.proposalId] ?? 0, cells });
      }
    }
  }
  return out;
}

/**
 * The console's counts joined with the log's order of "has voted" records: each time the counts
 * move by n ballots, the next n members in log order cast them. Moves whose answered count and
 * cells disagree (counts shown in steps, answers one by one) are added up until they agree.
 */
export function consoleGroups(states: { at: number; view: any }[], voterOrder: Map<string, string[]>): BallotGroup[] {
  const groups: BallotGroup[] = [];
  const series = new Map<string, { answered: number; cells: Record<string, number> }[]>();
  for (const { view } of states) for (const [q, c] of consoleCounts(view)) series.set(q, [...(series.get(q) ?? []), c]);
  for (const [question, points] of series) {
    const order = voterOrder.get(question) ?? [];
    let cursor = points[0]!.answered;
    let pendingAnswered = 0;
    let pending: Record<string, number> = {};
    for (let i = 1; i < points.length; i++) {
      const before = points[i - 1]!;
      const after = points[i]!;
      pendingAnswered += after.answered - before.answered;
      for (const [cell, n] of Object.entries(after.cells)) if (n !== (before.cells[cell] ?? 0)) pending[cell] = (pending[cell] ?? 0) + n - (before.cells[cell] ?? 0);
      const moved = Object.values(pending).reduce((a, b) => a + b, 0);
      if (pendingAnswered <= 0 || moved !== pendingAnswered) continue;
      const voters = order.slice(cursor, cursor + pendingAnswered);
      const counts = Object.fromEntries(Object.entries(pending).filter(([, n]) => n > 0));
      if (voters.length === pendingAnswered) groups.push({ source: 'console counts + log order', question, voters, counts });
      cursor += pendingAnswered;
      pendingAnswered = 0;
      pending = {};
    }
  }
  return groups;
}
