import { describe, expect, it } from 'vitest';
import type { Actor, Convention } from '../../shared/domain/types.ts';
import { consoleView } from '../../shared/views/console-view.ts';
import type { LiveFacts } from '../../shared/views/live.ts';
import { memberView, publicView } from '../../shared/views/member-views.ts';
import { screenView } from '../../shared/views/screen-view.ts';
import { command, must, roomFixture, run } from '../helpers/domain-fixtures.ts';

// What each channel carries of the questions: the asker of an anonymous question in no view but
// their own (the console included), voters nowhere, pending and hidden questions on the console
// and the asker's phone only, and the projector's order following the votes.

const LIVE: LiveFacts = { connected: new Set(), publicUrl: 'http://192.0.2.10:3000' };
const member = (conv: Convention, index: number): Actor => ({ role: 'member', conventionId: conv.id, memberId: conv.memberOrder[index]! });

function room(premoderation: boolean) {
  let conv = roomFixture();
  const sessionId = conv.liveSessionId!;
  const created = run(conv, command('question.round.create', { sessionId, title: 'Questions aux chercheurs', agendaItemId: null, premoderation, allowAnonymous: true }));
  const roundId = (created.data as { roundId: string }).roundId;
  conv = must(created.state, command('question.round.open', { roundId }));
  const ask = (who: number, text: string, anonymous: boolean) => {
    const result = run(conv, command('question.ask', { roundId, text, anonymous }), member(conv, who));
    if (result.error) throw new Error(result.error.code);
    conv = result.state;
    return (result.data as { questionId: string }).questionId;
  };
  const act = (cmd: ReturnType<typeof command>, who?: number) => {
    conv = must(conv, cmd, who === undefined ? undefined : member(conv, who));
  };
  return { get conv() { return conv; }, roundId, sessionId, ask, act };
}

/** Every question-related part of every view a channel other than `self`'s member channel gets. */
function othersSee(conv: Convention, sessionId: string, self: number) {
  const others = conv.memberOrder.map((_, i) => i).filter((i) => i !== self);
  return {
    public: publicView(conv).questions,
    screen: screenView(conv, LIVE).session!.questions,
    console: consoleView(conv, LIVE).sessions.find((s) => s.id === sessionId)!.questions,
    members: others.map((i) => memberView(conv, conv.memberOrder[i]!)!.questions),
  };
}

describe('anonymity in every view', () => {
  it('an anonymous asker appears only on their own phone; voters appear nowhere', () => {
    const r = room(false);
    const anonymousAsker = r.conv.members[r.conv.memberOrder[0]!]!;
    const anonymous = r.ask(0, 'Pourquoi la Métropole ne taxe-t-elle pas les SUV ?', true);
    const signed = r.ask(1, 'Quel calendrier pour la ZFE ?', false);
    r.act(command('question.upvote', { questionId: signed, up: true }), 0);
    r.act(command('question.upvote', { questionId: anonymous, up: true }), 2);
    r.act(command('question.project', { roundId: r.roundId, questionId: anonymous }));

    const views = othersSee(r.conv, r.sessionId, 0);
    const seen = JSON.stringify(views);
    expect(seen).toContain('Pourquoi la Métropole ne taxe-t-elle pas les SUV ?');
    expect(seen).not.toContain(anonymousAsker.name);
    expect(seen).not.toContain(anonymousAsker.id);
    // No voter id anywhere (member 2 voted; member 2's own channel lists question ids only).
    for (const voter of [r.conv.memberOrder[0]!, r.conv.memberOrder[2]!]) expect(JSON.stringify({ ...views, members: [] })).not.toContain(voter);
    // The signed question shows its asker's name.
    expect(views.public!.questions.find((q) => q.id === signed)!.askedBy).toEqual([r.conv.members[r.conv.memberOrder[1]!]!.name]);
    expect(views.console.rounds[0]!.questions.find((q) => q.id === anonymous)).toMatchObject({ askedBy: [], anonymousAskers: 1 });
    expect(views.screen!.projected).toMatchObject({ id: anonymous, askedBy: [], anonymousAskers: 1 });

    // The asker sees it among their questions, marked anonymous, and their own vote.
    const own = memberView(r.conv, anonymousAsker.id)!.questions!;
    expect(own.mine).toEqual([expect.objectContaining({ id: anonymous, anonymous: true, state: 'approved', votes: 1, joined: false })]);
    expect(own.upvoted).toEqual([signed]);
  });

  it('after a merge, an anonymous co-asker stays anonymous', () => {
    const r = room(false);
    const kept = r.ask(1, 'Quelle part du fret ferroviaire ?', false);
    const dup = r.ask(0, 'Et le fret par le rail ?', true);
    r.act(command('question.merge', { sourceId: dup, targetId: kept }));
    const hidden = r.conv.members[r.conv.memberOrder[0]!]!;
    const seen = JSON.stringify(othersSee(r.conv, r.sessionId, 0));
    expect(seen).not.toContain(hidden.name);
    expect(seen).not.toContain(hidden.id);
    expect(publicView(r.conv).questions!.questions).toEqual([expect.objectContaining({ id: kept, askedBy: [r.conv.members[r.conv.memberOrder[1]!]!.name], anonymousAskers: 1 })]);
    expect(memberView(r.conv, hidden.id)!.questions!.mine).toEqual([expect.objectContaining({ id: kept, anonymous: true, joined: true, otherAskers: 1 })]);
    // The first asker sees that someone joined: withdrawing now only takes them off the question.
    expect(memberView(r.conv, r.conv.memberOrder[1]!)!.questions!.mine).toEqual([expect.objectContaining({ id: kept, joined: false, otherAskers: 1 })]);
  });
  it('undoing a merge: the duplicate comes back to the room and to its anonymous asker’s phone, still anonymous', () => {
    const r = room(false);
    const kept = r.ask(1, 'Quelle part du fret ferroviaire ?', false);
    const dup = r.ask(0, 'Et le fret par le rail ?', true);
    r.act(command('question.upvote', { questionId: dup, up: true }), 2);
    r.act(command('question.merge', { sourceId: dup, targetId: kept }));
    const consoleRound = () => consoleView(r.conv, LIVE).sessions.find((s) => s.id === r.sessionId)!.questions.rounds[0]!;
    // The console shows the duplicate on the kept question, enough to recognise it, still anonymous.
    expect(consoleRound().questions.map((q) => q.id)).toEqual([kept]);
    expect(consoleRound().questions[0]!.merged).toEqual([{ id: dup, number: 2, text: 'Et le fret par le rail ?', askedBy: [], anonymousAskers: 1, votes: 1 }]);
    r.act(command('question.unmerge', { sourceId: dup, targetId: kept }));
    const hidden = r.conv.members[r.conv.memberOrder[0]!]!;
    const seen = JSON.stringify(othersSee(r.conv, r.sessionId, 0));
    expect(seen).not.toContain(hidden.name);
    expect(seen).not.toContain(hidden.id);
    expect(publicView(r.conv).questions!.questions).toEqual([
      expect.objectContaining({ id: kept, askedBy: [r.conv.members[r.conv.memberOrder[1]!]!.name], anonymousAskers: 0, votes: 0 }),
      expect.objectContaining({ id: dup, askedBy: [], anonymousAskers: 1, votes: 1 }),
    ]);
    expect(consoleRound().questions.map((q) => [q.id, q.merged])).toEqual([[kept, []], [dup, []]]);
    expect(memberView(r.conv, hidden.id)!.questions!.mine).toEqual([expect.objectContaining({ id: dup, anonymous: true, joined: false })]);
    expect(memberView(r.conv, r.conv.memberOrder[2]!)!.questions!.upvoted).toEqual([dup]);
  });
});

describe('pre-moderation and moderation in the views', () => {
  it.each([
    { premoderation: true, roomSees: false },
    { premoderation: false, roomSees: true },
  ])('premoderation $premoderation: the room sees a new question = $roomSees', ({ premoderation, roomSees }) => {
    const r = room(premoderation);
    const id = r.ask(0, 'Une question à valider ?', false);
    const inRoom = (conv: Convention) => ({
      public: publicView(conv).questions!.questions.some((q) => q.id === id),
      screen: screenView(conv, LIVE).session!.questions!.waiting.some((q) => q.id === id),
      other: memberView(conv, conv.memberOrder[1]!)!.questions!.mine.some((q) => q.id === id),
    });
    expect(inRoom(r.conv)).toEqual({ public: roomSees, screen: roomSees, other: false });
    // The console and the asker see it either way.
    expect(consoleView(r.conv, LIVE).sessions.find((s) => s.id === r.sessionId)!.questions.rounds[0]!.questions[0]).toMatchObject({ id, state: roomSees ? 'approved' : 'pending' });
    expect(memberView(r.conv, r.conv.memberOrder[0]!)!.questions!.mine[0]).toMatchObject({ id, state: roomSees ? 'approved' : 'pending' });
    r.act(command('question.approve', { questionIds: [id] }));
    expect(inRoom(r.conv)).toEqual({ public: true, screen: true, other: false });
    r.act(command('question.hide', { questionId: id, hidden: true }));
    expect(inRoom(r.conv)).toEqual({ public: false, screen: false, other: false });
    const counts = consoleView(r.conv, LIVE).sessions.find((s) => s.id === r.sessionId)!.questions.rounds[0]!.counts;
    expect(counts).toEqual({ pending: 0, approved: 0, answered: 0, hidden: 1, withdrawn: 0 });
  });

  it('the projector lists waiting questions by votes, answered ones apart, the projected one first', () => {
    const r = room(false);
    const a = r.ask(0, 'Question A ?', false);
    const b = r.ask(1, 'Question B ?', false);
    const c = r.ask(2, 'Question C ?', false);
    const waiting = () => screenView(r.conv, LIVE).session!.questions!.waiting.map((q) => q.id);
    expect(waiting()).toEqual([a, b, c]);
    r.act(command('question.upvote', { questionId: c, up: true }), 0);
    r.act(command('question.upvote', { questionId: c, up: true }), 1);
    r.act(command('question.upvote', { questionId: b, up: true }), 0);
    expect(waiting()).toEqual([c, b, a]);
    r.act(command('question.project', { roundId: r.roundId, questionId: a }));
    expect(screenView(r.conv, LIVE).session!.questions!.projected?.id).toBe(a);
    r.act(command('question.answer', { questionId: a, answered: true }));
    expect(screenView(r.conv, LIVE).session!.questions).toMatchObject({ projected: null, answeredCount: 1 });
    expect(waiting()).toEqual([c, b]);
  });

  it('the edited wording reaches the room marked as edited; the console keeps the original', () => {
    const r = room(false);
    const id = r.ask(0, 'Quelle est la trajectoire carbonne ?', false);
    r.act(command('question.edit', { questionId: id, text: 'Quelle est la trajectoire carbone ?' }));
    expect(publicView(r.conv).questions!.questions[0]).toMatchObject({ text: 'Quelle est la trajectoire carbone ?', edited: true });
    expect(consoleView(r.conv, LIVE).sessions.find((s) => s.id === r.sessionId)!.questions.rounds[0]!.questions[0]!.edits.map((e) => e.text)).toEqual(['Quelle est la trajectoire carbonne ?']);
  });

  it('no round opened: no questions in any view; a closed round stays readable', () => {
    let conv = roomFixture();
    expect(publicView(conv).questions).toBeNull();
    expect(screenView(conv, LIVE).session!.questions).toBeNull();
    const created = run(conv, command('question.round.create', { sessionId: conv.liveSessionId!, title: 'Prête', agendaItemId: null, premoderation: false, allowAnonymous: true }));
    conv = created.state;
    expect(publicView(conv).questions).toBeNull();
    const roundId = (created.data as { roundId: string }).roundId;
    conv = must(must(conv, command('question.round.open', { roundId })), command('question.round.close', { roundId }));
    expect(publicView(conv).questions!.round).toMatchObject({ id: roundId, status: 'closed' });
  });
});
