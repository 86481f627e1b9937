import { describe, expect, it } from 'vitest';
import type { DecideContext } from '../../shared/domain/context.ts';
import { replay } from '../../shared/domain/evolve.ts';
import type { DomainEvent } from '../../shared/domain/events.ts';
import { findQuestion, orderQuestions, questionState, voteCount, type QuestionOrder } from '../../shared/domain/question-rules.ts';
import { QUESTION_LIMITS, type Question } from '../../shared/domain/question-types.ts';
import type { Actor, Convention } from '../../shared/domain/types.ts';
import { command, contextOf, deepFreeze, must, roomFixture, run } from '../helpers/domain-fixtures.ts';

// Questions to speakers, decided and evolved without a server: ordering, the members' rules
// (own question, one vote each, the rate, anonymity allowed or not), moderation (approve, hide,
// merge counting each member once, answered, edit with history, projection) and pre-moderation.

const member = (conv: Convention, index: number): Actor => ({ role: 'member', conventionId: conv.id, memberId: conv.memberOrder[index]! });
const code = (result: { error: { code: string } | null }) => result.error?.code ?? 'ok';

/** The room with a round of questions open in the live session. */
function withRound(settings: { premoderation?: boolean; allowAnonymous?: boolean } = {}): { conv: Convention; roundId: string } {
  let conv = roomFixture();
  const sessionId = conv.liveSessionId!;
  const created = run(conv, command('question.round.create', { sessionId, title: 'Questions à Gerhard Krinner et Sandra Rome', agendaItemId: conv.sessions[sessionId]!.agenda[0]!.id, premoderation: settings.premoderation ?? false, allowAnonymous: settings.allowAnonymous ?? true }));
  const roundId = (created.data as { roundId: string }).roundId;
  conv = must(created.state, command('question.round.open', { roundId }));
  return { conv, roundId };
}

/** A clock the test moves by hand, for the sending rate. */
function clockAt(conv: Convention, start: number): DecideContext & { set(t: number): void } {
  const base = contextOf(conv);
  let t = start;
  return { ...base, now: () => t, set: (next: number) => void (t = next) };
}

function ask(conv: Convention, roundId: string, who: number, text: string, anonymous = false, ctx?: DecideContext) {
  return run(conv, command('question.ask', { roundId, text, anonymous }), member(conv, who), ctx ? { ctx } : {});
}

function asked(conv: Convention, roundId: string, who: number, text: string, anonymous = false): { conv: Convention; id: string } {
  const result = ask(conv, roundId, who, text, anonymous);
  if (result.error) throw new Error(`${result.error.code}: ${result.error.message}`);
  return { conv: result.state, id: (result.data as { questionId: string }).questionId };
}

const q = (conv: Convention, id: string): Question => findQuestion(conv, id)!.question;

describe('ordering', () => {
  const list = [
    { id: 'a', votes: 2, askedAt: 100, number: 1 },
    { id: 'b', votes: 5, askedAt: 300, number: 3 },
    { id: 'c', votes: 2, askedAt: 50, number: 4 },
    { id: 'd', votes: 0, askedAt: 400, number: 5 },
    { id: 'e', votes: 5, askedAt: 300, number: 2 },
  ];
  it.each<[QuestionOrder, string[]]>([
    // Most votes first; ties: the older first; same instant: the lower number first.
    ['votes', ['e', 'b', 'c', 'a', 'd']],
    // Newest first; same instant: the later number first.
    ['time', ['d', 'b', 'e', 'a', 'c']],
  ])('by %s', (order, ids) => {
    const frozen = deepFreeze(list.slice());
    expect(orderQuestions(frozen, order).map((x) => x.id)).toEqual(ids);
  });
});

describe('asking', () => {
  it.each([
    { case: 'a signed question', settings: {}, anonymous: false, expected: 'ok' },
    { case: 'an anonymous question where allowed', settings: { allowAnonymous: true }, anonymous: true, expected: 'ok' },
    { case: 'an anonymous question where signing is required', settings: { allowAnonymous: false }, anonymous: true, expected: 'ANONYMOUS_NOT_ALLOWED' },
  ])('$case: $expected', ({ settings, anonymous, expected }) => {
    const { conv, roundId } = withRound(settings);
    expect(code(ask(conv, roundId, 0, 'Quelle part des émissions vient du chauffage ?', anonymous))).toBe(expected);
  });

  it('refuses while the round is not open, and from the facilitator', () => {
    const { conv, roundId } = withRound();
    const closed = must(conv, command('question.round.close', { roundId }));
    expect(code(ask(closed, roundId, 0, 'Une question trop tard ?'))).toBe('QUESTIONS_CLOSED');
    const reopened = must(closed, command('question.round.open', { roundId }));
    expect(code(ask(reopened, roundId, 0, 'Une question après la réouverture ?'))).toBe('ok');
    expect(code(run(conv, command('question.ask', { roundId, text: 'Et moi ?', anonymous: false })))).toBe('FORBIDDEN');
  });

  it('a second tap on the same text gives back the same question', () => {
    const { conv, roundId } = withRound();
    const first = asked(conv, roundId, 0, 'Quel budget pour le vélo ?');
    const again = ask(first.conv, roundId, 0, '  quel budget pour le vélo  ');
    expect(again.events).toEqual([]);
    expect((again.data as { questionId: string }).questionId).toBe(first.id);
  });

  it(`keeps to ${QUESTION_LIMITS.ratePerMember} questions per member per minute, with the wait in the refusal`, () => {
    let { conv, roundId } = withRound();
    const clock = clockAt(conv, 1_000_000);
    for (let i = 0; i < QUESTION_LIMITS.ratePerMember; i++) {
      clock.set(1_000_000 + i * 10_000);
      const r = ask(conv, roundId, 0, `Question numéro ${i + 1} ?`, false, clock);
      expect(code(r)).toBe('ok');
      conv = r.state;
    }
    clock.set(1_000_000 + 30_000);
    const refused = ask(conv, roundId, 0, 'Encore une ?', false, clock);
    expect(code(refused)).toBe('TOO_MANY_QUESTIONS');
    expect(refused.error!.details).toEqual({ limit: QUESTION_LIMITS.ratePerMember, retryInSeconds: 30 });
    // Another member is not held back by it.
    expect(code(ask(conv, roundId, 1, 'Et la mienne ?', false, clock))).toBe('ok');
    // A minute after the first, one more goes through.
    clock.set(1_000_000 + 60_001);
    expect(code(ask(conv, roundId, 0, 'Encore une ?', false, clock))).toBe('ok');
  });
});

describe('pre-moderation', () => {
  it.each([
    { premoderation: false, approvedAtOnce: true },
    { premoderation: true, approvedAtOnce: false },
  ])('premoderation $premoderation: approved at once = $approvedAtOnce', ({ premoderation, approvedAtOnce }) => {
    const { conv, roundId } = withRound({ premoderation });
    const { conv: after, id } = asked(conv, roundId, 0, 'Les scénarios tiennent-ils compte du rebond ?');
    expect(q(after, id).approved).toBe(approvedAtOnce);
    expect(questionState(q(after, id))).toBe(approvedAtOnce ? 'approved' : 'pending');
    // Nobody upvotes a question the room cannot see: it does not exist for them.
    expect(code(run(after, command('question.upvote', { questionId: id, up: true }), member(after, 1)))).toBe(approvedAtOnce ? 'ok' : 'NOT_FOUND');
  });

  it('approving many at once skips what is already approved', () => {
    let { conv, roundId } = withRound({ premoderation: true });
    const a = asked(conv, roundId, 0, 'Première question ?');
    const b = asked(a.conv, roundId, 1, 'Deuxième question ?');
    conv = must(b.conv, command('question.approve', { questionIds: [a.id] }));
    const both = run(conv, command('question.approve', { questionIds: [a.id, b.id] }));
    expect(both.events).toEqual([{ type: 'QuestionsApproved', roundId, questionIds: [b.id] }]);
    expect(run(both.state, command('question.approve', { questionIds: [a.id, b.id] })).events).toEqual([]);
  });
});

describe('upvotes', () => {
  it.each([
    { case: 'another member votes', voter: 1, up: true, expected: 'ok', votes: 1 },
    { case: 'the author votes for their own question', voter: 0, up: true, expected: 'OWN_QUESTION', votes: 0 },
    { case: 'taking back a vote never given changes nothing', voter: 1, up: false, expected: 'ok', votes: 0 },
  ])('$case', ({ voter, up, expected, votes }) => {
    const { conv, roundId } = withRound();
    const { conv: after, id } = asked(conv, roundId, 0, 'Combien de logements à rénover ?');
    const result = run(after, command('question.upvote', { questionId: id, up }), member(after, voter));
    expect(code(result)).toBe(expected);
    expect(voteCount(q(result.state, id))).toBe(votes);
  });

  it('toggles: one vote per member, retries change nothing, up then down', () => {
    const { conv, roundId } = withRound();
    let { conv: state, id } = asked(conv, roundId, 0, 'Quelle place pour la forêt ?');
    state = must(state, command('question.upvote', { questionId: id, up: true }), member(state, 1));
    const retry = run(state, command('question.upvote', { questionId: id, up: true }), member(state, 1));
    expect(retry.events).toEqual([]);
    state = must(state, command('question.upvote', { questionId: id, up: true }), member(state, 2));
    expect(voteCount(q(state, id))).toBe(2);
    state = must(state, command('question.upvote', { questionId: id, up: false }), member(state, 1));
    expect(voteCount(q(state, id))).toBe(1);
    expect(Object.keys(q(state, id).voters)).toEqual([state.memberOrder[2]]);
  });

  it('no vote once the round is closed, nor for an answered or hidden question', () => {
    const { conv, roundId } = withRound();
    const { conv: state, id } = asked(conv, roundId, 0, 'Une question ?');
    const closed = must(state, command('question.round.close', { roundId }));
    expect(code(run(closed, command('question.upvote', { questionId: id, up: true }), member(state, 1)))).toBe('QUESTIONS_CLOSED');
    const answered = must(state, command('question.answer', { questionId: id, answered: true }));
    expect(code(run(answered, command('question.upvote', { questionId: id, up: true }), member(state, 1)))).toBe('WRONG_PHASE');
    const hidden = must(state, command('question.hide', { questionId: id, hidden: true }));
    expect(code(run(hidden, command('question.upvote', { questionId: id, up: true }), member(state, 1)))).toBe('NOT_FOUND');
  });
});

describe('moderation', () => {
  it('merge: votes and askers move to the kept question, each member counted once', () => {
    let { conv, roundId } = withRound();
    const kept = asked(conv, roundId, 0, 'Quel impact de l’avion sur le bilan ?');
    const dup = asked(kept.conv, roundId, 1, 'L’aéroport compte-t-il dans le bilan ?', true);
    conv = dup.conv;
    // Member 2 voted for both (counted once), member 3 for the duplicate only, member 1 (the
    // duplicate's asker) for the kept one; member 4 for the kept one only.
    for (const [who, id] of [[2, kept.id], [2, dup.id], [3, dup.id], [1, kept.id], [4, kept.id]] as const) {
      conv = must(conv, command('question.upvote', { questionId: id, up: true }), member(conv, who));
    }
    expect(voteCount(q(conv, kept.id))).toBe(3);
    expect(voteCount(q(conv, dup.id))).toBe(2);
    conv = must(conv, command('question.merge', { sourceId: dup.id, targetId: kept.id }));
    const merged = q(conv, kept.id);
    expect(Object.keys(merged.voters).sort()).toEqual([1, 2, 3, 4].map((i) => conv.memberOrder[i]!).sort());
    expect(voteCount(merged)).toBe(4);
    // The duplicate's asker joins as an anonymous co-asker: their choice travels with them.
    expect(merged.authors).toEqual([{ memberId: conv.memberOrder[0], signed: true }, { memberId: conv.memberOrder[1], signed: false }]);
    expect(merged.mergedFrom).toEqual([dup.id]);
    expect(q(conv, dup.id)).toMatchObject({ mergedInto: kept.id, voters: {} });
    // Merging again is a retry; the other way round, or into itself, is refused.
    expect(run(conv, command('question.merge', { sourceId: dup.id, targetId: kept.id })).events).toEqual([]);
    expect(code(run(conv, command('question.merge', { sourceId: kept.id, targetId: dup.id })))).toBe('INVALID_MERGE');
    expect(code(run(conv, command('question.merge', { sourceId: kept.id, targetId: kept.id })))).toBe('INVALID_MERGE');
  });

  it('merge: an asker of both stays once, anonymous if either question was', () => {
    let { conv, roundId } = withRound();
    const a = asked(conv, roundId, 0, 'Première formulation ?');
    const b = asked(a.conv, roundId, 0, 'Seconde formulation, anonyme ?', true);
    conv = must(b.conv, command('question.merge', { sourceId: b.id, targetId: a.id }));
    expect(q(conv, a.id).authors).toEqual([{ memberId: conv.memberOrder[0], signed: false }]);
  });

  it.each([
    { command: 'hide', on: command('question.hide', { questionId: 'Q', hidden: true }), undo: command('question.hide', { questionId: 'Q', hidden: false }), state: 'hidden' },
    { command: 'answer', on: command('question.answer', { questionId: 'Q', answered: true }), undo: command('question.answer', { questionId: 'Q', answered: false }), state: 'answered' },
  ])('$command and its undo', ({ on, undo, state }) => {
    const { conv, roundId } = withRound();
    const { conv: base, id } = asked(conv, roundId, 0, 'Une question à modérer ?');
    const withId = (c: typeof on) => ({ ...c, args: { ...c.args, questionId: id } }) as typeof on;
    const done = must(base, withId(on));
    expect(questionState(q(done, id))).toBe(state);
    expect(run(done, withId(on)).events).toEqual([]);
    expect(questionState(q(must(done, withId(undo)), id))).toBe('approved');
  });

  it('edit keeps the earlier wording in the history', () => {
    const { conv, roundId } = withRound();
    const { conv: base, id } = asked(conv, roundId, 0, 'Quel est le budjet du plan climat ?');
    const edited = must(base, command('question.edit', { questionId: id, text: 'Quel est le budget du plan climat ?' }));
    expect(q(edited, id).text).toBe('Quel est le budget du plan climat ?');
    expect(q(edited, id).edits.map((e) => e.text)).toEqual(['Quel est le budjet du plan climat ?']);
    expect(run(edited, command('question.edit', { questionId: id, text: 'Quel est le budget du plan climat ?' })).events).toEqual([]);
  });

  it('projecting shows the questions panel and approves a pending question; answering takes it off', () => {
    const { conv, roundId } = withRound({ premoderation: true });
    const { conv: base, id } = asked(conv, roundId, 0, 'Une question en attente ?');
    const projected = run(base, command('question.project', { roundId, questionId: id }));
    expect(projected.events.map((e) => e.type)).toEqual(['QuestionProjected', 'ScreenPanelSet']);
    expect(projected.state.questionRounds[roundId]!.projectedId).toBe(id);
    expect(q(projected.state, id).approved).toBe(true);
    expect(projected.state.sessions[projected.state.liveSessionId!]!.screenPanel).toBe('questions');
    const answered = must(projected.state, command('question.answer', { questionId: id, answered: true }));
    expect(answered.questionRounds[roundId]!.projectedId).toBeNull();
    const hidden = must(base, command('question.hide', { questionId: id, hidden: true }));
    expect(code(run(hidden, command('question.project', { roundId, questionId: id })))).toBe('WRONG_PHASE');
  });

  it('the author withdraws while unanswered; a co-asker only takes their name off', () => {
    let { conv, roundId } = withRound();
    const a = asked(conv, roundId, 0, 'Question d’origine ?');
    const b = asked(a.conv, roundId, 1, 'Doublon ?');
    conv = must(b.conv, command('question.merge', { sourceId: b.id, targetId: a.id }));
    expect(code(run(conv, command('question.withdraw', { questionId: a.id }), member(conv, 2)))).toBe('FORBIDDEN');
    conv = must(conv, command('question.withdraw', { questionId: a.id }), member(conv, 1));
    expect(q(conv, a.id).withdrawnAt).toBeNull();
    expect(q(conv, a.id).authors.map((x) => x.memberId)).toEqual([conv.memberOrder[0]]);
    const answered = must(conv, command('question.answer', { questionId: a.id, answered: true }));
    expect(code(run(answered, command('question.withdraw', { questionId: a.id }), member(conv, 0)))).toBe('WRONG_PHASE');
    conv = must(conv, command('question.withdraw', { questionId: a.id }), member(conv, 0));
    expect(q(conv, a.id).withdrawnAt).not.toBeNull();
    expect(code(run(conv, command('question.hide', { questionId: a.id, hidden: true })))).toBe('WRONG_PHASE');
  });
});

describe('rounds', () => {
  it('one open round per session: opening another closes the first; a round needs the live session', () => {
    const { conv, roundId } = withRound();
    const sessionId = conv.liveSessionId!;
    const second = run(conv, command('question.round.create', { sessionId, title: 'Questions à la Métropole', agendaItemId: null, premoderation: true, allowAnonymous: false }));
    const secondId = (second.data as { roundId: string }).roundId;
    const opened = run(second.state, command('question.round.open', { roundId: secondId }));
    expect(opened.events.map((e) => e.type)).toEqual(['QuestionRoundClosed', 'QuestionRoundOpened']);
    expect(opened.state.questionRounds[roundId]!.status).toBe('closed');
    const other = conv.sessionOrder.find((id) => id !== sessionId)!;
    const elsewhere = run(conv, command('question.round.create', { sessionId: other, title: 'Plus tard', agendaItemId: null, premoderation: false, allowAnonymous: true }));
    expect(code(run(elsewhere.state, command('question.round.open', { roundId: (elsewhere.data as { roundId: string }).roundId })))).toBe('SESSION_NOT_LIVE');
    expect(code(run(conv, command('question.round.create', { sessionId, title: 'X', agendaItemId: 'nope', premoderation: false, allowAnonymous: true })))).toBe('NOT_FOUND');
  });

  it('replaying the log rebuilds the same state', () => {
    const { conv, roundId } = withRound({ premoderation: true });
    const events: DomainEvent[] = [];
    let state = conv;
    const step = (result: ReturnType<typeof run>) => {
      if (result.error) throw new Error(result.error.code);
      events.push(...result.events);
      state = result.state;
    };
    step(ask(state, roundId, 0, 'Première ?'));
    const first = state.questionRounds[roundId]!.questions[0]!.id;
    step(ask(state, roundId, 1, 'Seconde ?', true));
    const second = state.questionRounds[roundId]!.questions[1]!.id;
    step(run(state, command('question.approve', { questionIds: [first, second] })));
    step(run(state, command('question.upvote', { questionId: first, up: true }), member(state, 2)));
    step(run(state, command('question.merge', { sourceId: second, targetId: first })));
    step(run(state, command('question.edit', { questionId: first, text: 'Première, corrigée ?' })));
    step(run(state, command('question.project', { roundId, questionId: first })));
    step(run(state, command('question.answer', { questionId: first, answered: true })));
    expect(replay(events, conv)).toEqual(state);
  });
});
