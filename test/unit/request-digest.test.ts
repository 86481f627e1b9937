import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson, requestDigest } from '../../server/engine/request-digest.ts';
import { EventStore } from '../../server/store/event-store.ts';

// A retry is recognised by its cid *and* what it asks (docs/protocol.md, "cid"): the digest must
// read the same payload the same way whatever its key order, and tell apart any other payload.

describe('canonicalJson', () => {
  it.each([
    [{ b: 1, a: 2 }, '{"a":2,"b":1}'],
    [{ a: { d: [3, { f: 1, e: 2 }], c: null } }, '{"a":{"c":null,"d":[3,{"e":2,"f":1}]}}'],
    [{ a: undefined, b: 'x' }, '{"b":"x"}'],
    [['é', 'l’eau'], '["é","l’eau"]'],
    ['texte', '"texte"'],
    [null, 'null'],
  ])('%j reads %s', (value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
    expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
  });
});

describe('requestDigest', () => {
  it('is the same for the same command and payload in any key order', () => {
    expect(requestDigest('agenda.add', { title: 'A', durationMin: 5 })).toBe(requestDigest('agenda.add', { durationMin: 5, title: 'A' }));
  });

  it.each([
    ['another command', requestDigest('agenda.remove', { title: 'A' })],
    ['another value', requestDigest('agenda.add', { title: 'B' })],
    ['a value of another type', requestDigest('agenda.add', { title: ['A'] })],
    ['a name that swallows the payload', requestDigest('agenda.add{"title":"A"}', {})],
  ])('differs for %s', (_case, other) => {
    expect(other).not.toBe(requestDigest('agenda.add', { title: 'A' }));
  });
});

describe('command_results written before requests were kept', () => {
  it('gain the column on open; their rows answer with no request', () => {
    const dir = mkdtempSync(join(tmpdir(), 'convergence-store-'));
    try {
      const file = join(dir, 'log.sqlite');
      const old = new Database(file);
      old.exec('CREATE TABLE command_results (actor TEXT NOT NULL, cid TEXT NOT NULL, ack TEXT NOT NULL, PRIMARY KEY (actor, cid)) WITHOUT ROWID');
      old.prepare('INSERT INTO command_results VALUES (?, ?, ?)').run('facilitator:c1', 'cid-00000001', JSON.stringify({ ok: true }));
      old.close();
      const store = new EventStore(file);
      expect(store.findResult('facilitator:c1', 'cid-00000001')).toEqual({ ack: { ok: true }, request: null });
      store.append([{ conventionId: 'c1', events: [], at: 0, result: { actorKey: 'facilitator:c1', cid: 'cid-00000002', request: 'digest', ack: { ok: true } } }]);
      expect(store.findResult('facilitator:c1', 'cid-00000002')).toEqual({ ack: { ok: true }, request: 'digest' });
      store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
