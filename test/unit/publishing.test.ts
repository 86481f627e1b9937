import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Actor, Convention } from '../../shared/domain/types.ts';
import { replay } from '../../shared/registry.ts';
import { publicResults, nothingPublished } from '../../shared/features/publishing/views.ts';
import { crc32, zip } from '../../server/public-results/zip.ts';
import { pickLang } from '../../server/public-results/words.ts';
import { command, deepFreeze, must, roomFixture, run } from '../helpers/domain-fixtures.ts';
import { unzip } from '../helpers/unzip.ts';

// The rules of publishing, decided and evolved as the server does (shared/features/publishing/),
// the ZIP writer of the static export (server/public-results/zip.ts) and the page's language.

const live = (conv: Convention) => conv.sessions[conv.liveSessionId!]!;
const code = (r: { error: { code: string } | null }) => r.error?.code ?? 'ok';
const member = (conv: Convention): Actor => ({ role: 'member', conventionId: conv.id, memberId: conv.memberOrder[0]! });

function withPoll(): { conv: Convention; pollId: string } {
  let conv = roomFixture();
  const created = run(conv, command('poll.create', { sessionId: live(conv).id, agendaItemId: null, question: 'Une question au public ?', format: { kind: 'single', options: ['Oui', 'Non'] }, live: false }));
  const pollId = (created.data as { pollId: string }).pollId;
  conv = must(created.state, command('poll.launch', { sessionId: live(conv).id, pollId }));
  return { conv, pollId };
}

describe('publishing rules', () => {
  it('publishes only closed results; draws the page code once; withdraws at any time', () => {
    const { conv: open, pollId } = withPoll();
    deepFreeze(open);
    const early = run(open, command('publication.set', { kind: 'poll', id: pollId, published: true }));
    expect(code(early)).toBe('NOT_PUBLISHABLE');
    expect(early.state).toBe(open);
    expect(code(run(open, command('publication.set', { kind: 'poll', id: 'nope', published: true })))).toBe('NOT_FOUND');
    expect(code(run(open, command('publication.set', { kind: 'poll', id: pollId, published: true }), member(open)))).toBe('FORBIDDEN');

    const closed = must(open, command('poll.close', { pollId }));
    const first = run(closed, command('publication.set', { kind: 'poll', id: pollId, published: true }));
    expect(first.events.map((e) => e.type)).toEqual(['PublicPageOpened', 'PublicationChanged']);
    const pageCode = first.state.publication!.code;
    expect(pageCode).toMatch(/^[A-Z0-9]{16}$/);
    expect(first.data).toEqual({ changed: 1, code: pageCode });
    // Again: nothing to do, no event.
    const again = run(first.state, command('publication.set', { kind: 'poll', id: pollId, published: true }));
    expect(again.events).toEqual([]);
    // Withdrawn and published again: the same code.
    const withdrawn = must(first.state, command('publication.set', { kind: 'poll', id: pollId, published: false }));
    expect(withdrawn.publication!.items.poll).toEqual({});
    const back = run(withdrawn, command('publication.set', { kind: 'poll', id: pollId, published: true }));
    expect(back.events.map((e) => e.type)).toEqual(['PublicationChanged']);
    expect(back.state.publication!.code).toBe(pageCode);
  });

  it('a poll opened again leaves the public results until it is closed again', () => {
    const { conv: open, pollId } = withPoll();
    const published = must(must(open, command('poll.close', { pollId })), command('publication.set', { kind: 'poll', id: pollId, published: true }));
    expect(publicResults(published).polls.map((p) => p.id)).toEqual([pollId]);
    const reopened = must(published, command('poll.reopen', { pollId }));
    expect(publicResults(reopened).polls).toEqual([]);
    expect(nothingPublished(publicResults(reopened))).toBe(true);
    expect(publicResults(must(reopened, command('poll.close', { pollId }))).polls.map((p) => p.id)).toEqual([pollId]);
  });

  it('drafts are unknown, withdrawn proposals are not published, adopted ones go in bulk', () => {
    let conv = roomFixture();
    const leverId = conv.levers[0]!.id;
    const enter = (title: string) => {
      const r = run(conv, command('proposal.enter', { title, text: 'Texte.', leverId, channel: 'paper', reference: '', authorIds: [], receivedAt: null }));
      conv = r.state;
      return (r.data as { proposalId: string }).proposalId;
    };
    const [a, b, c] = [enter('Proposition adoptée'), enter('Proposition retirée'), enter('Autre proposition adoptée')];
    const draft = run(conv, command('proposal.create', { title: 'Mon brouillon', text: 'À écrire.', leverId, submit: false }), member(conv));
    conv = draft.state;
    conv = must(conv, command('proposal.setStatus', { proposalIds: [a, c], status: 'adopted' }));
    conv = must(conv, command('proposal.withdraw', { proposalId: b }));
    expect(code(run(conv, command('publication.set', { kind: 'proposal', id: (draft.data as { proposalId: string }).proposalId, published: true })))).toBe('NOT_FOUND');
    expect(code(run(conv, command('publication.set', { kind: 'proposal', id: b, published: true })))).toBe('NOT_PUBLISHABLE');
    const bulk = run(conv, command('publication.adopted', { published: true }));
    expect(bulk.data).toMatchObject({ changed: 2 });
    expect(publicResults(bulk.state).proposals.map((p) => p.title)).toEqual(['Proposition adoptée', 'Autre proposition adoptée']);
    // The state replays from its events (the code is in the event, not drawn again).
    expect(replay(bulk.events, conv)!.publication).toEqual(bulk.state.publication);
  });

  it('an unknown session is NOT_FOUND; a session without closed results changes nothing', () => {
    const conv = roomFixture();
    expect(code(run(conv, command('publication.session', { sessionId: 'nosuch', published: true })))).toBe('NOT_FOUND');
    const none = run(conv, command('publication.session', { sessionId: live(conv).id, published: true }));
    expect(none.events).toEqual([]);
    expect(none.data).toEqual({ changed: 0, code: null });
  });
});

describe('ZIP writer', () => {
  it('computes the standard CRC-32', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
  });

  it('writes archives that read back, UTF-8 names, stored and deflated files', () => {
    const big = 'Résultats publiés. '.repeat(500);
    const archive = zip([
      { path: 'site/index.html', data: big },
      { path: 'site/données/é.csv', data: '\uFEFFa;b\n1;2\n' },
      { path: 'site/bin', data: new Uint8Array([0, 255, 1, 254]) },
    ], new Date(Date.UTC(2026, 3, 28, 10, 30, 0)));
    const files = unzip(archive);
    expect(files.map((f) => f.path)).toEqual(['site/index.html', 'site/données/é.csv', 'site/bin']);
    expect(files[0]!.data.toString('utf8')).toBe(big);
    expect(files[0]!.method).toBe(8);
    expect(files[2]!.method).toBe(0);
    expect([...files[2]!.data]).toEqual([0, 255, 1, 254]);
    // The DOS date: 28 April 2026, 10:30.
    expect(archive.readUInt16LE(12)).toBe(((2026 - 1980) << 9) | (4 << 5) | 28);
    // When the system's unzip is there, it agrees (CI machines may not have it).
    if (existsSync('/usr/bin/unzip')) {
      const dir = mkdtempSync(join(tmpdir(), 'zip-'));
      try {
        writeFileSync(join(dir, 'a.zip'), archive);
        expect(execFileSync('/usr/bin/unzip', ['-t', join(dir, 'a.zip')]).toString()).toContain('No errors detected');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });

  it('refuses paths that leave the folder, and the same path twice', () => {
    for (const path of ['../x', '/etc/x', 'a//b', 'a\\b', '']) expect(() => zip([{ path, data: 'x' }])).toThrow(RangeError);
    expect(() => zip([{ path: 'a', data: 'x' }, { path: 'a', data: 'y' }])).toThrow(RangeError);
  });
});

describe('the public page\u2019s language', () => {
  it('?lang first, then Accept-Language by q-value, else French', () => {
    expect(pickLang('en', 'fr')).toBe('en');
    expect(pickLang('de', undefined)).toBe('fr');
    expect(pickLang(undefined, 'en-GB,en;q=0.9')).toBe('en');
    expect(pickLang(undefined, 'de-DE,en;q=0.5,fr;q=0.8')).toBe('fr');
    expect(pickLang(undefined, 'de-DE')).toBe('fr');
    expect(pickLang(['en'], 'en')).toBe('en');
  });
});
