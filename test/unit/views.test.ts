import { describe, expect, it } from 'vitest';
import type { Convention } from '../../shared/domain/types.ts';
import { consoleView } from '../../shared/views/console-view.ts';
import type { LiveFacts } from '../../shared/views/live.ts';
import { memberView, publicView, tableView } from '../../shared/views/member-views.ts';
import { screenView } from '../../shared/views/screen-view.ts';
import { admittedGuest, claim, command, conventionWith, deepFreeze, KEYS, must, roomFixture } from '../helpers/domain-fixtures.ts';

const PUBLIC_URL = 'http://192.168.1.20:3000';
const live = (connected: string[] = []): LiveFacts => ({ connected: new Set(connected), publicUrl: PUBLIC_URL });

/** The room, plus a guest and a deactivated member: every kind of secret is in the state. */
function room(): Convention {
  let conv = roomFixture();
  const s1 = conv.sessionOrder[0]!;
  conv = admittedGuest(conv, conv.sessions[s1]!.code, 'Invité', 'tokenhash-guest-fedcba9876543210').state;
  conv = claim(conv, { sessionCode: conv.sessions[s1]!.code, seatCode: conv.members[conv.memberOrder[4]!]!.seatCode }, 'tokenhash-m4-aaaabbbbccccdddd').state;
  conv = must(conv, command('member.setActive', { memberId: conv.memberOrder[2]!, active: false }));
  conv = must(conv, command('screen.show', { sessionId: s1, panel: 'seating' }));
  return deepFreeze(conv);
}

const secretsOf = (conv: Convention) => ({
  seatCodes: Object.values(conv.members).map((m) => m.seatCode),
  tokenHashes: Object.values(conv.members).flatMap((m) => (m.tokenHash ? [m.tokenHash] : [])),
  keys: Object.values(KEYS),
});

function expectFree(view: unknown, secrets: string[], label: string) {
  const json = JSON.stringify(view);
  for (const secret of secrets) expect(json.includes(secret), `${label} leaks ${secret}`).toBe(false);
}

describe('views never leak secrets', () => {
  it('the fixture really holds secrets to leak', () => {
    const { seatCodes, tokenHashes } = secretsOf(room());
    expect(seatCodes).toHaveLength(7);
    expect(tokenHashes).toHaveLength(4); // phones of m0, m1, m4 and the guest
    expect(room().keys).toEqual(KEYS);
  });

  it('screen view: no seat code, token hash or key', () => {
    const conv = room();
    const { seatCodes, tokenHashes, keys } = secretsOf(conv);
    const view = screenView(conv, live(conv.memberOrder));
    expect(view.session).not.toBeNull();
    expectFree(view, [...seatCodes, ...tokenHashes, ...keys], 'screen');
  });

  it('public view: no seat code, token hash or key', () => {
    const conv = room();
    const { seatCodes, tokenHashes, keys } = secretsOf(conv);
    expectFree(publicView(conv), [...seatCodes, ...tokenHashes, ...keys], 'public');
  });

  it('table views: no seat code, token hash or key', () => {
    const conv = room();
    const { seatCodes, tokenHashes, keys } = secretsOf(conv);
    const tables = conv.sessions[conv.liveSessionId!]!.tables;
    expect(tables.length).toBeGreaterThan(0);
    for (const table of tables) {
      const view = tableView(conv, table.id, live(conv.memberOrder));
      expect(view).not.toBeNull();
      expectFree(view, [...seatCodes, ...tokenHashes, ...keys], `table ${table.name}`);
    }
  });

  // MemberView declares the member's own `seatCode` (shown on their phone); nothing else may leak.
  it.each([0, 1, 2, 4, 5, 6])('member view of member %i: only their own seat code, no token hash or key', (i) => {
    const conv = room();
    const { seatCodes, tokenHashes, keys } = secretsOf(conv);
    const id = conv.memberOrder[i]!;
    const own = conv.members[id]!;
    const view = memberView(conv, id);
    expect(view).not.toBeNull();
    expectFree(view, [...seatCodes.filter((c) => c !== own.seatCode), ...tokenHashes, ...keys], `member ${own.name}`);
    expect(view!.seatCode).toBe(own.seatCode);
  });

  it('console view: seat codes yes (the facilitator hands them out), token hashes and the facilitator key never', () => {
    const conv = room();
    const { tokenHashes } = secretsOf(conv);
    const view = consoleView(conv, live());
    expectFree(view, [...tokenHashes, KEYS.facilitator], 'console');
    expect(view.links).toEqual({ screen: `${PUBLIC_URL}/screen/${KEYS.projector}`, support: `${PUBLIC_URL}/support/${KEYS.support}`, speaker: `${PUBLIC_URL}/speaker/${KEYS.projector}` });
  });
});

describe('member view', () => {
  it('shows only that member', () => {
    const conv = room();
    const s1 = conv.sessions[conv.liveSessionId!]!;
    // [member index, table index or null, present]
    const expected: [number, number | null, boolean][] = [
      [0, 0, true],
      [1, 1, true],
      [3, 1, true],
      [4, null, true],
      [5, null, false],
    ];
    for (const [i, table, present] of expected) {
      const m = conv.members[conv.memberOrder[i]!]!;
      const t = table === null ? null : s1.tables[table]!;
      expect(memberView(conv, m.id)).toMatchObject({ id: m.id, name: m.name, seatCode: m.seatCode, tableId: t?.id ?? null, tableName: t?.name ?? null, present });
    }
    // Other members' names appear nowhere in a member's own view.
    const view = JSON.stringify(memberView(conv, conv.memberOrder[0]!));
    for (const id of conv.memberOrder.slice(1)) {
      expect(view).not.toContain(conv.members[id]!.name);
      expect(view).not.toContain(id);
    }
  });

  it('is null for an unknown member; without a live session nobody is seated or present', () => {
    expect(memberView(room(), 'ghost')).toBeNull();
    let conv = roomFixture();
    conv = must(conv, command('session.close', { sessionId: conv.liveSessionId! }));
    expect(memberView(conv, conv.memberOrder[0]!)).toMatchObject({ tableId: null, tableName: null, present: false });
  });
});

describe('public and table views', () => {
  it('public view shows the live session and its current item', () => {
    const conv = room();
    const s1 = conv.sessions[conv.liveSessionId!]!;
    expect(publicView(conv)).toMatchObject({
      conventionName: conv.name,
      levers: conv.levers,
      session: { id: s1.id, title: s1.title, currentItem: s1.agenda[0], agenda: s1.agenda },
    });
  });

  it('public view without a live session', () => {
    expect(publicView(conventionWith()).session).toBeNull();
  });

  it('table view lists the table members with their connection', () => {
    const conv = room();
    const table = conv.sessions[conv.liveSessionId!]!.tables[0]!;
    const [a, b] = table.memberIds as [string, string];
    expect(tableView(conv, table.id, live([b]))).toMatchObject({
      id: table.id,
      name: table.name,
      members: [
        { id: a, name: conv.members[a]!.name, connected: false },
        { id: b, name: conv.members[b]!.name, connected: true },
      ],
    });
    expect(tableView(conv, 'ghost', live())).toBeNull();
  });

  it('table view of a table in a session that is not live is null', () => {
    let conv = roomFixture();
    conv = must(conv, command('tables.create', { sessionId: conv.sessionOrder[1]!, count: 1 }));
    expect(tableView(conv, conv.sessions[conv.sessionOrder[1]!]!.tables[0]!.id, live())).toBeNull();
  });
});

describe('console view', () => {
  it('lists present members in roster order, whatever the marking order', () => {
    let conv = conventionWith({ sessions: 1 });
    const s = conv.sessionOrder[0]!;
    const ids = conv.memberOrder;
    for (const i of [5, 2, 0, 3]) conv = must(conv, command('presence.mark', { sessionId: s, memberIds: [ids[i]!], present: true }));
    expect(Object.keys(conv.sessions[s]!.present)).toEqual([5, 2, 0, 3].map((i) => ids[i]));
    expect(consoleView(conv, live()).sessions[0]!.present).toEqual([0, 2, 3, 5].map((i) => ids[i]));
  });

  it('lists members in roster order with seated/connected flags and attribute keys', () => {
    const conv = room();
    const view = consoleView(conv, live([conv.memberOrder[1]!]));
    expect(view.members.map((m) => m.id)).toEqual(conv.memberOrder);
    expect(view.members.map((m) => [m.seated, m.connected])).toEqual([
      [true, false],
      [true, true],
      [false, false],
      [false, false],
      [true, false],
      [false, false],
      [true, false],
    ]);
    expect(view.members[2]!.active).toBe(false);
    expect(view.members[6]!.origin).toBe('guest');
    expect(view.attributeKeys).toEqual(['ageBracket', 'gender', 'territory']);
    expect(view.sessions.map((s) => [s.status, s.joinUrl])).toEqual(conv.sessionOrder.map((id) => [conv.sessions[id]!.status, `${PUBLIC_URL}/j/${conv.sessions[id]!.code}`]));
    expect(view.liveSessionId).toBe(conv.liveSessionId);
  });
});

describe('screen view', () => {
  it('counts only active present members, guests only where they vote', () => {
    // Present: m0, m1, m2 (inactive), m3, m4, guest; roster: 7 with one inactive and one guest.
    const conv = room();
    const connected = [conv.memberOrder[0]!, conv.memberOrder[2]!, 'not-a-member'];
    const session = screenView(conv, live(connected)).session!;
    expect(Object.keys(conv.sessions[conv.liveSessionId!]!.present)).toHaveLength(6);
    expect(session.presentCount).toBe(4);
    expect(session.memberCount).toBe(5);
    expect(session.connectedCount).toBe(1);
    const s1 = conv.sessions[conv.liveSessionId!]!;
    const guestsVote = must(conv, command('session.update', { sessionId: s1.id, title: s1.title, startDate: s1.startDate, endDate: s1.endDate, allowGuests: true, guestsVote: true, quorum: s1.quorum }));
    const counted = screenView(guestsVote, live(connected)).session!;
    expect([counted.presentCount, counted.memberCount]).toEqual([5, 6]);
  });

  it('shows the live session as the room should see it', () => {
    const conv = room();
    const s1 = conv.sessions[conv.liveSessionId!]!;
    const session = screenView(conv, live()).session!;
    expect(session).toMatchObject({
      title: s1.title,
      code: s1.code,
      joinUrl: `${PUBLIC_URL}/j/${s1.code}`,
      shows: { kind: 'seating' },
      cornerClock: false,
      currentItem: s1.agenda[0],
      agenda: s1.agenda,
      quorum: 3,
    });
    expect(session.tables).toEqual(s1.tables.map((t) => ({ id: t.id, name: t.name, members: t.memberIds.map((id) => conv.members[id]!.name) })));
  });

  it('has no session when none is live', () => {
    const conv = conventionWith();
    expect(screenView(conv, live())).toMatchObject({ conventionName: conv.name, session: null });
  });
});
