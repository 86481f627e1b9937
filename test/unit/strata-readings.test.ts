import { describe, expect, it } from 'vitest';
import { consoleStrata } from '../../shared/features/strata/reading-views.ts';
import { strataReading } from '../../shared/features/strata/readings.ts';
import type { Actor, Convention } from '../../shared/domain/types.ts';
import { projectorShows } from '../../shared/views/projector-panel.ts';
import { screenView } from '../../shared/views/screen-view.ts';
import { command, conventionWith, must, run } from '../helpers/domain-fixtures.ts';

// A closed poll read by stratum through decide and evolve (no server): the console's entry moves
// from "at the close" to its reading, screen.showStrata puts one attribute on the projector and
// is refused for an open poll or an attribute not reported, and a reading follows k.

const WOMEN = Array.from({ length: 6 }, (_, i) => ({ name: `Femme ${i + 1}`, attributes: { gender: 'F', ageBracket: '18-24' } }));
const MEN = Array.from({ length: 6 }, (_, i) => ({ name: `Homme ${i + 1}`, attributes: { gender: 'H', ageBracket: '65+' } }));

function room(): { conv: Convention; sessionId: string; pollId: string } {
  let conv = conventionWith({ members: [...WOMEN, ...MEN], sessions: 1 });
  const sessionId = conv.sessionOrder[0]!;
  conv = must(conv, command('session.open', { sessionId }));
  conv = must(conv, command('presence.mark', { sessionId, memberIds: conv.memberOrder, present: true }));
  conv = must(conv, command('strata.choose', { attributes: ['gender'] }));
  conv = must(conv, command('poll.create', { sessionId, agendaItemId: null, question: 'Venez-vous en vélo ?', format: { kind: 'single', options: ['Oui', 'Non'] }, live: false }));
  const pollId = Object.keys(conv.polls)[0]!;
  conv = must(conv, command('poll.launch', { sessionId, pollId }));
  // Women all "Oui"; men "Non" but two.
  conv.memberOrder.forEach((memberId, i) => {
    const member: Actor = { role: 'member', conventionId: conv.id, memberId };
    conv = must(conv, command('poll.answer', { pollId, answer: { kind: 'choices', optionIds: [i < 6 || i >= 10 ? 'o1' : 'o2'] } }), member);
  });
  return { conv, sessionId, pollId };
}

const LIVE = { connected: new Set<string>(), publicUrl: 'http://127.0.0.1' };

describe('a closed poll read by stratum', () => {
  it('waits for the close, then reads each gender with the leading option and where it does not hold', () => {
    const { conv: open, sessionId, pollId } = room();
    expect(consoleStrata(open, sessionId)).toEqual([{ ref: { kind: 'poll', id: pollId }, state: 'at_close', reading: null }]);
    expect(run(open, command('screen.showStrata', { sessionId, ref: { kind: 'poll', id: pollId }, attribute: 'gender' })).error?.code).toBe('ACTIVITY_STILL_OPEN');

    const conv = must(open, command('poll.close', { pollId }));
    const [entry] = consoleStrata(conv, sessionId);
    expect(entry!.state).toBe('read');
    const reading = entry!.reading!;
    expect(reading.room).toEqual({ cells: [8, 4], ballots: 12, verdict: { kind: 'choices', leading: [0] } });
    expect(reading.attributes[0]!.rows.map((r) => [r.value, r.ballots, r.cells, r.verdict, r.holds])).toEqual([
      ['F', 6, [6, 0], { kind: 'choices', leading: [0] }, true],
      ['H', 6, [2, 4], { kind: 'choices', leading: [1] }, false],
    ]);
    expect(reading.notHolding).toEqual([{ attribute: 'gender', value: 'H' }]);
    expect(reading).toMatchObject({ total: 12, attributed: 12, judged: 2, labels: ['Oui', 'Non'], title: 'Venez-vous en vélo ?', proposal: null });
    // Read once per closed poll and k: the same state gives the very same reading.
    expect(strataReading(conv, { kind: 'poll', id: pollId })).toBe(reading);
  });

  it('is put on the projector for one reported attribute, and leaves it when another panel is chosen', () => {
    const { conv: open, sessionId, pollId } = room();
    let conv = must(open, command('poll.close', { pollId }));
    const ref = { kind: 'poll' as const, id: pollId };
    expect(run(conv, command('screen.showStrata', { sessionId, ref, attribute: 'ageBracket' })).error).toMatchObject({ code: 'NOT_FOUND', details: { entity: 'attribute' } });
    expect(run(conv, command('screen.showStrata', { sessionId, ref: { kind: 'check', id: pollId, proposalId: 'p' }, attribute: 'gender' })).error).toMatchObject({ code: 'NOT_FOUND', details: { entity: 'check' } });
    conv = must(conv, command('screen.showStrata', { sessionId, ref, attribute: 'gender' }));
    expect(projectorShows(conv)).toEqual({ kind: 'strata', ref, attribute: 'gender' });
    const shown = screenView(conv, LIVE).session!.byStratum!;
    expect(shown.attribute).toBe('gender');
    expect(shown.reading!.attributes.map((a) => a.attribute)).toEqual(['gender']);
    expect(shown.reading!.notHolding).toEqual([{ attribute: 'gender', value: 'H' }]);

    conv = must(conv, command('screen.show', { sessionId, panel: 'agenda' }));
    expect(projectorShows(conv)).toEqual({ kind: 'agenda' });
    expect(screenView(conv, LIVE).session!.byStratum).toBeNull();
  });

  it('follows k: with k above each gender, no gender is read on its own', () => {
    const { conv: open, pollId } = room();
    const closed = must(open, command('poll.close', { pollId }));
    expect(strataReading(closed, { kind: 'poll', id: pollId })!.attributes[0]!.rows.map((r) => r.value)).toEqual(['F', 'H']);
    const atSeven = must(closed, command('convention.setSmallGroupMin', { smallGroupMin: 7 }));
    const values = strataReading(atSeven, { kind: 'poll', id: pollId })!.attributes.flatMap((a) => a.rows.map((r) => r.value));
    expect(values).not.toContain('F');
    expect(values).not.toContain('H');
    for (const row of strataReading(atSeven, { kind: 'poll', id: pollId })!.attributes.flatMap((a) => a.rows)) expect(row.ballots).toBeGreaterThanOrEqual(7);
    // Back to 5: both genders again (the reading is kept per k, not once for all).
    const atFive = must(atSeven, command('convention.setSmallGroupMin', { smallGroupMin: 5 }));
    expect(strataReading(atFive, { kind: 'poll', id: pollId })!.attributes[0]!.rows.map((r) => r.value)).toEqual(['F', 'H']);
  });

  it('reads a vote counted on paper only as the room’s result with no ballot in any stratum', () => {
    const { conv: base, sessionId } = room();
    let conv = must(base, command('proposal.enter', { title: 'Des bus de nuit', text: 'Le détail.', leverId: base.levers[0]!.id, channel: 'paper', reference: '', authorIds: [], receivedAt: null }));
    const proposalId = conv.proposalOrder[0]!;
    conv = must(conv, command('vote.create', { sessionId, proposalIds: [proposalId], secret: true, thresholdBp: 6000, basis: 'expressed', batch: false }));
    const voteId = Object.keys(conv.votes)[0]!;
    conv = must(conv, command('vote.open', { voteIds: [voteId] }));
    conv = must(conv, command('vote.paper', { voteId, for: 7, against: 2, abstain: 1 }));
    conv = must(conv, command('vote.close', { voteIds: [voteId] }));
    const entry = consoleStrata(conv, sessionId).find((e) => e.ref.kind === 'vote')!;
    expect(entry.state).toBe('read');
    expect(entry.reading).toMatchObject({ total: 10, attributed: 0, judged: 0, notHolding: [], room: { cells: [7, 2, 1], ballots: 10, verdict: { kind: 'vote', outcome: 'adopted' } } });
    expect(entry.reading!.attributes).toEqual([{ attribute: 'gender', rows: [] }]);
  });
});
