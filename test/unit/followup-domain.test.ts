import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { commandSchemas, replay, type CommandName } from '../../shared/registry.ts';
import type { DomainEvent } from '../../shared/domain/events.ts';
import type { Convention } from '../../shared/domain/types.ts';
import { consoleView } from '../../shared/views/console-view.ts';
import { publicView } from '../../shared/views/member-views.ts';
import { followUpRows } from '../../shared/features/followup/views.ts';
import { hasFollowUp } from '../../shared/features/followup/shown.ts';
import { isHttpsLink } from '../../shared/features/followup/commands.ts';
import type { DecideContext } from '../../shared/domain/context.ts';
import { adoptions, isAdopted } from '../../shared/features/followup/adopted.ts';
import { command, contextOf, createConvention, deepFreeze, must, roomFixture, run } from '../helpers/domain-fixtures.ts';

// The follow-up after the Council, decided against the room fixture where the convention adopted
// P-001 (paper ballots, 9 for, 1 against), rejected P-002 and never voted on P-003. The seeded
// clock starts on 2026-01-01: the adopting vote closed that day. The follow-up's commands are then
// sent on 2026-12-01 (TODAY): a decision or an update may be dated up to 2026-12-02.

const live = { connected: new Set<string>(), publicUrl: 'http://192.0.2.1:3000' };

function adoptedRoom() {
  let conv = roomFixture();
  const s1 = conv.sessionOrder[0]!;
  const leverId = conv.levers[0]!.id;
  const enter = (title: string) => {
    const result = run(conv, command('proposal.enter', { title, text: `${title}, en détail.`, leverId, channel: 'paper', reference: '', authorIds: [], receivedAt: null }));
    conv = result.state;
    return (result.data as { proposalId: string }).proposalId;
  };
  const adopted = enter('Pistes cyclables continues');
  const rejected = enter('Autoroute à huit voies');
  const unvoted = enter('Cantines bio');
  const voteOn = (proposalId: string, forCount: number, against: number) => {
    const created = run(conv, command('vote.create', { sessionId: s1, proposalIds: [proposalId], secret: false, thresholdBp: 6000, basis: 'expressed', batch: false }));
    conv = created.state;
    const voteId = (created.data as { voteIds: string[] }).voteIds[0]!;
    conv = must(conv, command('vote.open', { voteIds: [voteId] }));
    conv = must(conv, command('vote.paper', { voteId, for: forCount, against, abstain: 0 }));
    conv = must(conv, command('vote.close', { voteIds: [voteId] }));
  };
  voteOn(adopted, 9, 1);
  voteOn(rejected, 1, 9);
  return { conv: deepFreeze(conv), adopted, rejected, unvoted };
}

const base = adoptedRoom();
const ADOPTION_DAY = '2026-01-01';

const TODAY = Date.UTC(2026, 11, 1);
const LATER = TODAY - Date.UTC(2026, 0, 1);
const moved = new WeakSet<DecideContext>();

/** The fixture's clock (ids and all), eleven months on: the follow-up comes after the Council. */
function later(ctx: DecideContext): DecideContext {
  if (moved.has(ctx)) return ctx;
  const next = { ...ctx, now: () => ctx.now() + LATER };
  moved.add(next);
  return next;
}

/** Runs commands in order on the adopted room; returns the last result and the state. */
function send(conv: Convention, name: CommandName, args: Record<string, unknown>) {
  return run(conv, command(name, args as never), undefined, { ctx: later(contextOf(conv)) });
}

const schemaOk = (name: CommandName, args: unknown) => v.safeParse(commandSchemas[name], args).success;

describe('followup commands: refusals', () => {
  // [what, command, args, expected code]
  const cases: [string, CommandName, Record<string, unknown>, string][] = [
    ['a proposal that does not exist', 'followup.decide', { proposalId: 'nope', outcome: 'adopted', date: '2026-05-01' }, 'NOT_FOUND'],
    ['a rejected proposal', 'followup.decide', { proposalId: base.rejected, outcome: 'adopted', date: '2026-05-01' }, 'PROPOSAL_NOT_ADOPTED'],
    ['a proposal never voted on', 'followup.addMilestone', { proposalId: base.unvoted, title: 'Étude' }, 'PROPOSAL_NOT_ADOPTED'],
    ['a department for a proposal never voted on', 'followup.setDepartment', { proposalId: base.unvoted, department: 'Mobilités' }, 'PROPOSAL_NOT_ADOPTED'],
    ['an unknown milestone', 'followup.editMilestone', { proposalId: base.adopted, milestoneId: 'm-x', title: 'Étude', due: null, status: 'done' }, 'NOT_FOUND'],
    ['removing an unknown milestone', 'followup.removeMilestone', { proposalId: base.adopted, milestoneId: 'm-x' }, 'NOT_FOUND'],
    ['an unknown update', 'followup.editUpdate', { proposalId: base.adopted, updateId: 'u-x', date: '2026-05-01', text: 'x' }, 'NOT_FOUND'],
    ['restoring an unknown update', 'followup.restoreUpdate', { proposalId: base.adopted, updateId: 'u-x' }, 'NOT_FOUND'],
  ];
  it.each(cases)('%s: %s is refused with %s, nothing changes', (_what, name, args, code) => {
    const result = send(base.conv, name, args);
    expect(result.error?.code).toBe(code);
    expect(result.events).toEqual([]);
    expect(result.state).toBe(base.conv);
  });

  // [what, command, args, the bound it gives or null when accepted]: the adoption was on 2026-01-01,
  // the command is sent on 2026-12-01, so what happened may be dated up to 2026-12-02.
  const m = (due: string | null) => ({ proposalId: base.adopted, title: 'Étude', due });
  const dates: [string, CommandName, Record<string, unknown>, Record<string, string> | null][] = [
    ['a Council decision the day before the adoption', 'followup.decide', { proposalId: base.adopted, outcome: 'adopted', date: '2025-12-31' }, { reason: 'before_adoption', earliest: ADOPTION_DAY }],
    ['a Council decision on the adoption day', 'followup.decide', { proposalId: base.adopted, outcome: 'adopted', date: ADOPTION_DAY }, null],
    ['a Council decision dated tomorrow (time zones)', 'followup.decide', { proposalId: base.adopted, outcome: 'adopted', date: '2026-12-02' }, null],
    ['a Council decision the day after tomorrow', 'followup.decide', { proposalId: base.adopted, outcome: 'adopted', date: '2026-12-03' }, { reason: 'future', latest: '2026-12-02' }],
    ['a Council decision in 2999', 'followup.decide', { proposalId: base.adopted, outcome: 'adopted', date: '2999-01-01' }, { reason: 'future', latest: '2026-12-02' }],
    ['an update dated 2001', 'followup.addUpdate', { proposalId: base.adopted, date: '2001-05-01', text: 'Travaux' }, { reason: 'before_adoption', earliest: ADOPTION_DAY }],
    ['an update dated today', 'followup.addUpdate', { proposalId: base.adopted, date: '2026-12-01', text: 'Travaux' }, null],
    ['an update dated next year', 'followup.addUpdate', { proposalId: base.adopted, date: '2027-12-01', text: 'Travaux' }, { reason: 'future', latest: '2026-12-02' }],
    ['a milestone due in 1990', 'followup.addMilestone', m('1990-01-01'), { reason: 'before_adoption', earliest: ADOPTION_DAY }],
    ['a milestone due on the adoption day', 'followup.addMilestone', m(ADOPTION_DAY), null],
    ['a milestone due in 2035 (planned)', 'followup.addMilestone', m('2035-06-30'), null],
    ['a milestone without a due date', 'followup.addMilestone', m(null), null],
  ];
  it.each(dates)('%s: %s gives %o', (_what, name, args, bound) => {
    const result = send(base.conv, name, args);
    if (bound === null) {
      expect(result.error).toBeNull();
      expect(result.events).toHaveLength(1);
      return;
    }
    expect(result.error).toMatchObject({ code: 'INVALID_DATES', details: bound });
    expect(result.state).toBe(base.conv);
  });

  it('editing a milestone or an update checks its new date the same way', () => {
    let conv: Convention = base.conv;
    const added = send(conv, 'followup.addMilestone', m('2027-01-01'));
    conv = added.state;
    const milestoneId = (added.data as { milestoneId: string }).milestoneId;
    const update = send(conv, 'followup.addUpdate', { proposalId: base.adopted, date: '2026-06-01', text: 'Étude' });
    conv = update.state;
    const updateId = (update.data as { updateId: string }).updateId;
    const edits: [CommandName, Record<string, unknown>, string | null][] = [
      ['followup.editMilestone', { proposalId: base.adopted, milestoneId, title: 'Étude', due: '1990-01-01', status: 'planned' }, 'before_adoption'],
      ['followup.editMilestone', { proposalId: base.adopted, milestoneId, title: 'Étude', due: '2040-01-01', status: 'planned' }, null],
      ['followup.editUpdate', { proposalId: base.adopted, updateId, date: '2001-01-01', text: 'Étude' }, 'before_adoption'],
      ['followup.editUpdate', { proposalId: base.adopted, updateId, date: '2999-01-01', text: 'Étude' }, 'future'],
      ['followup.editUpdate', { proposalId: base.adopted, updateId, date: '2026-07-01', text: 'Étude' }, null],
    ];
    for (const [name, args, reason] of edits) {
      const result = send(conv, name, args);
      if (reason === null) expect(result.error, `${name} ${JSON.stringify(args)}`).toBeNull();
      else expect(result.error, `${name} ${JSON.stringify(args)}`).toMatchObject({ code: 'INVALID_DATES', details: { reason } });
    }
  });

  // [what, command, args]: refused by the schema (INVALID_PAYLOAD at the engine's door).
  const invalid: [string, CommandName, Record<string, unknown>][] = [
    ['no such day', 'followup.decide', { proposalId: base.adopted, outcome: 'adopted', date: '2026-02-30' }],
    ['a date that is not a day', 'followup.addUpdate', { proposalId: base.adopted, date: '01/05/2026', text: 'Travaux' }],
    ['an unknown outcome', 'followup.decide', { proposalId: base.adopted, outcome: 'maybe', date: '2026-05-01' }],
    ['an http link', 'followup.decide', { proposalId: base.adopted, outcome: 'adopted', date: '2026-05-01', link: 'http://example.org/d' }],
    ['a javascript: link', 'followup.decide', { proposalId: base.adopted, outcome: 'adopted', date: '2026-05-01', link: 'javascript:alert(1)' }],
    ['a link with a password', 'followup.decide', { proposalId: base.adopted, outcome: 'adopted', date: '2026-05-01', link: 'https://user:pw@example.org/' }],
    ['a link too long', 'followup.decide', { proposalId: base.adopted, outcome: 'adopted', date: '2026-05-01', link: `https://example.org/${'a'.repeat(500)}` }],
    ['a note too long', 'followup.decide', { proposalId: base.adopted, outcome: 'adopted', date: '2026-05-01', note: 'n'.repeat(1001) }],
    ['a department too long', 'followup.setDepartment', { proposalId: base.adopted, department: 'd'.repeat(201) }],
    ['an empty milestone title', 'followup.addMilestone', { proposalId: base.adopted, title: '   ' }],
    ['an unknown milestone status', 'followup.addMilestone', { proposalId: base.adopted, title: 'Étude', status: 'late' }],
    ['an update too long', 'followup.addUpdate', { proposalId: base.adopted, date: '2026-05-01', text: 'u'.repeat(2001) }],
    ['a reserved id', 'followup.clearDecision', { proposalId: '__proto__' }],
  ];
  it.each(invalid)('%s: %s fails its schema', (_what, name, args) => {
    expect(schemaOk(name, args)).toBe(false);
  });

  it('reads links as addresses: https with a host, nothing else', () => {
    expect(isHttpsLink('https://www.grenoblealpesmetropole.fr/deliberations/2023-04-28')).toBe(true);
    for (const bad of ['https://', 'ftp://x.org', 'https://exa mple.org', 'data:text/html,x', '//example.org', 'example.org']) expect(isHttpsLink(bad), bad).toBe(false);
  });
});

describe('followup commands: what they record', () => {
  it('a decision, a department, milestones and updates reach the public rows, the console and replay', () => {
    const log: DomainEvent[] = [];
    let conv: Convention = base.conv;
    const ok = (name: CommandName, args: Record<string, unknown>) => {
      const result = send(conv, name, args);
      expect(result.error, `${name}`).toBeNull();
      log.push(...result.events);
      conv = result.state;
      return result;
    };
    ok('followup.decide', { proposalId: base.adopted, outcome: 'amended', date: '2026-04-28', link: '  https://example.org/conseil/2026-04-28  ', note: 'Budget réduit de moitié' });
    ok('followup.setDepartment', { proposalId: base.adopted, department: ' Direction des mobilités ' });
    const late = (ok('followup.addMilestone', { proposalId: base.adopted, title: 'Travaux', due: '2027-06-30' }).data as { milestoneId: string }).milestoneId;
    const first = (ok('followup.addMilestone', { proposalId: base.adopted, title: 'Étude de tracé', due: '2026-09-30', status: 'done' }).data as { milestoneId: string }).milestoneId;
    const undated = (ok('followup.addMilestone', { proposalId: base.adopted, title: 'Bilan' }).data as { milestoneId: string }).milestoneId;
    ok('followup.addMilestone', { proposalId: base.adopted, title: 'Passerelle', due: '2027-01-01', status: 'abandoned' });
    ok('followup.addUpdate', { proposalId: base.adopted, date: '2026-06-01', text: 'Étude lancée' });
    ok('followup.addUpdate', { proposalId: base.adopted, date: '2026-10-02', text: 'Tracé retenu' });

    const [row] = followUpRows(conv);
    expect(followUpRows(conv)).toHaveLength(1);
    expect(row).toMatchObject({
      proposalId: base.adopted,
      number: 1,
      title: 'Pistes cyclables continues',
      adoptedOn: ADOPTION_DAY,
      decision: { outcome: 'amended', date: '2026-04-28', link: 'https://example.org/conseil/2026-04-28', note: 'Budget réduit de moitié' },
      department: 'Direction des mobilités',
      progress: { done: 1, total: 3 },
    });
    // By due day, the undated one last; updates newest first.
    expect(row!.milestones.map((m) => m.title)).toEqual(['Étude de tracé', 'Passerelle', 'Travaux', 'Bilan']);
    expect(row!.updates.map((u) => u.text)).toEqual(['Tracé retenu', 'Étude lancée']);
    expect(hasFollowUp(row!)).toBe(true);
    expect(publicView(conv).followUp).toEqual([row]);

    // Removed: gone from every reader but the console, which can restore it as it was.
    ok('followup.removeMilestone', { proposalId: base.adopted, milestoneId: late });
    expect(followUpRows(conv)[0]!.milestones.map((m) => m.id)).not.toContain(late);
    expect(consoleView(conv, live).followUp[0]!.removedMilestones).toEqual([{ id: late, title: 'Travaux', due: '2027-06-30', status: 'planned' }]);
    expect(followUpRows(conv)[0]!.progress).toEqual({ done: 1, total: 2 });
    expect(send(conv, 'followup.editMilestone', { proposalId: base.adopted, milestoneId: late, title: 'Travaux', due: null, status: 'done' }).error).toMatchObject({ code: 'WRONG_PHASE', details: { phase: 'removed' } });
    ok('followup.restoreMilestone', { proposalId: base.adopted, milestoneId: late });
    expect(consoleView(conv, live).followUp[0]!.removedMilestones).toEqual([]);
    ok('followup.editMilestone', { proposalId: base.adopted, milestoneId: undated, title: 'Bilan public', due: '2028-01-15', status: 'in_progress' });
    expect(followUpRows(conv)[0]!.milestones.at(-1)).toEqual({ id: undated, title: 'Bilan public', due: '2028-01-15', status: 'in_progress' });
    expect(first).toBeTruthy();

    // The whole story comes back from the log alone.
    const replayed = replay(log, base.conv);
    expect(replayed).toStrictEqual(conv);
  });

  it('the same command twice, removing twice, restoring what stands: no event', () => {
    let conv: Convention = base.conv;
    const decision = { proposalId: base.adopted, outcome: 'adopted', date: '2026-04-28' };
    conv = send(conv, 'followup.decide', decision).state;
    expect(send(conv, 'followup.decide', decision).events).toEqual([]);
    conv = send(conv, 'followup.setDepartment', { proposalId: base.adopted, department: 'Voirie' }).state;
    expect(send(conv, 'followup.setDepartment', { proposalId: base.adopted, department: 'Voirie' }).events).toEqual([]);
    const added = send(conv, 'followup.addUpdate', { proposalId: base.adopted, date: '2026-05-02', text: 'Premier comité' });
    conv = added.state;
    const updateId = (added.data as { updateId: string }).updateId;
    expect(send(conv, 'followup.restoreUpdate', { proposalId: base.adopted, updateId }).events).toEqual([]);
    conv = send(conv, 'followup.removeUpdate', { proposalId: base.adopted, updateId }).state;
    expect(send(conv, 'followup.removeUpdate', { proposalId: base.adopted, updateId }).events).toEqual([]);
    expect(followUpRows(conv)[0]!.updates).toEqual([]);
    conv = send(conv, 'followup.clearDecision', { proposalId: base.adopted }).state;
    expect(followUpRows(conv)[0]!.decision).toBeNull();
    expect(send(conv, 'followup.clearDecision', { proposalId: base.adopted }).events).toEqual([]);
  });

  it('a decision on the very day of the adoption is accepted; 50 milestones are the most', () => {
    let conv: Convention = base.conv;
    expect(send(conv, 'followup.decide', { proposalId: base.adopted, outcome: 'deferred', date: ADOPTION_DAY }).error).toBeNull();
    for (let i = 0; i < 50; i++) conv = must(conv, command('followup.addMilestone', { proposalId: base.adopted, title: `Étape ${i + 1}` }));
    expect(send(conv, 'followup.addMilestone', { proposalId: base.adopted, title: 'Une de trop' }).error).toMatchObject({ code: 'LIMIT_REACHED', details: { limit: 50 } });
  });

  it('only the facilitator records it', () => {
    const m = base.conv.memberOrder[0]!;
    for (const actor of [{ role: 'member', conventionId: base.conv.id, memberId: m }, { role: 'projector', conventionId: base.conv.id }, { role: 'support', conventionId: base.conv.id }] as const) {
      expect(run(base.conv, command('followup.setDepartment', { proposalId: base.adopted, department: 'x' }), actor).error?.code).toBe('FORBIDDEN');
    }
  });

  it('with no adopted proposal, every reader gets an empty list', () => {
    const conv = createConvention();
    expect(followUpRows(conv)).toEqual([]);
    expect(publicView(conv).followUp).toEqual([]);
    // Adopted without any follow-up yet: listed, nothing to open on phones.
    const [row] = followUpRows(base.conv);
    expect(row).toMatchObject({ decision: null, department: '', milestones: [], updates: [], progress: { done: 0, total: 0 } });
    expect(hasFollowUp(row!)).toBe(false);
  });
});

describe('"adopted": one meaning for publishing, the dossier and the follow-up', () => {
  /** The room after `steps`: each sets a status by hand on one of the room's proposals. */
  function marked(steps: [keyof typeof base & ('adopted' | 'rejected' | 'unvoted'), 'adopted' | 'rejected' | 'withdrawn' | 'under_study'][]): Convention {
    let conv: Convention = base.conv;
    for (const [which, status] of steps) conv = must(conv, command('proposal.setStatus', { proposalIds: [base[which]], status }));
    return conv;
  }
  const published = (conv: Convention) => {
    const { events } = send(conv, 'publication.adopted', { published: true });
    return events.flatMap((e) => (e.type === 'PublicationChanged' ? e.items.map((i) => i.id) : []));
  };

  // [what, hand-set statuses, which proposal, adopted?, adopted by a vote?]
  const cases: [string, Parameters<typeof marked>[0], 'adopted' | 'rejected' | 'unvoted', boolean, boolean][] = [
    ['adopted by its vote', [], 'adopted', true, true],
    ['rejected by its vote', [], 'rejected', false, false],
    ['never voted on', [], 'unvoted', false, false],
    ['adopted on paper outside the app, marked adopted by hand', [['unvoted', 'adopted']], 'unvoted', true, false],
    ['its vote failed, then marked adopted by hand (the last word)', [['rejected', 'adopted']], 'rejected', true, false],
    ['adopted by its vote, then marked rejected by hand', [['adopted', 'rejected']], 'adopted', false, false],
    ['adopted by its vote, withdrawn, then marked adopted again', [['adopted', 'withdrawn'], ['adopted', 'adopted']], 'adopted', true, true],
  ];
  it.each(cases)('%s: adopted %s', (_what, steps, which, adopted, byVote) => {
    const conv = marked(steps);
    const id = base[which];
    expect(isAdopted(conv, id)).toBe(adopted);
    // Publishing "every adopted proposal" takes exactly these.
    expect(published(conv).includes(id)).toBe(adopted);
    // The follow-up lists it and accepts a decision for it, or refuses it.
    expect(followUpRows(conv).some((r) => r.proposalId === id)).toBe(adopted);
    const decided = send(conv, 'followup.decide', { proposalId: id, outcome: 'adopted', date: '2026-11-30' });
    expect(decided.error?.code ?? null).toBe(adopted ? null : 'PROPOSAL_NOT_ADOPTED');
    if (adopted) expect(adoptions(conv).get(id)!.voteId !== null).toBe(byVote);
  });

  it('adopted by hand: its adoption day is the day it was marked, and the follow-up dates count from it', () => {
    let conv: Convention = base.conv;
    conv = must(conv, command('proposal.setStatus', { proposalIds: [base.unvoted], status: 'adopted' }), undefined, { ctx: later(contextOf(conv)) });
    const adoption = adoptions(conv).get(base.unvoted)!;
    expect(adoption).toMatchObject({ voteId: null, day: '2026-12-01' });
    expect(followUpRows(conv).find((r) => r.proposalId === base.unvoted)).toMatchObject({ adoptedOn: '2026-12-01', title: 'Cantines bio' });
    expect(send(conv, 'followup.addUpdate', { proposalId: base.unvoted, date: '2026-11-30', text: 'x' }).error).toMatchObject({ code: 'INVALID_DATES', details: { reason: 'before_adoption' } });
  });
});
