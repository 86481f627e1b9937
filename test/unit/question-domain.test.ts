import { describe, expect, it } from 'vitest';
import type { DecideContext } from '../../shared/domain/context.ts';
import { replay } from '../../shared/registry.ts';
import type { DomainEvent } from '../../shared/domain/events.ts';
import { findQuestion, orderQuestions, questionState, voteCount, type QuestionOrder } from '../../shared/features/questions/rules.ts';
import { QUESTION_LIMITS, type Question } from '../../shared/features/questions/types.ts';
import type { Actor, Convention } from '../../shared/domain/types.ts';
import { command, contextOf, deepFreeze, must, roomFixture, run } from '../helpers/domain-fixtures.ts';

// Questions to speakers, decided and evolved without a server: ordering, the members' rules
// (own question, one vote each, the rate, anonymity allowed or not), moderation (approve, hide,
// merge counting each member once, answered, edit with history, projection), undoing a merge
// and pre-moderation.

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
    // The kept question records what the merge added; the duplicate stays as it was, merged.
    expect(merged.mergedFrom).toEqual([
      { questionId: dup.id, at: expect.any(Number), addedVoters: [conv.memberOrder[3]], addedAuthors: [conv.memberOrder[1]], unsignedAuthors: [], approvedByMerge: false, tookProjector: false },
    ]);
    expect(q(conv, dup.id)).toMatchObject({ mergedInto: kept.id, authors: [{ memberId: conv.memberOrder[1], signed: false }] });
    expect(Object.keys(q(conv, dup.id).voters).sort()).toEqual([conv.memberOrder[2], conv.memberOrder[3]].sort());
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
    // Through unknown: comparing the spread with every command's type is past the compiler's limit.
    const withId = (c: typeof on) => ({ ...c, args: { ...c.args, questionId: id } }) as unknown as typeof on;
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
    expect(code(run(conv, command('question.withdraw', { questionId: a.id }), member(conv, 2)))).toBe('NOT_YOUR_QUESTION');
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

describe('undoing a merge', () => {
  type Who = number;
  /**
   * A kept question K (asked by `keptBy`) and a duplicate D (asked by `dupBy`), with votes given
   * before the merge; the state just before the merge, ready to be compared with the one after
   * the undo.
   */
  interface PairSetup {
    premoderation?: boolean;
    keptBy?: Who;
    keptAnonymous?: boolean;
    dupBy?: Who;
    dupAnonymous?: boolean;
    approve?: ('K' | 'D')[];
    votes?: [Who, 'K' | 'D'][];
    project?: 'K' | 'D';
  }
  function pair(setup: PairSetup = {}) {
    let { conv, roundId } = withRound({ premoderation: setup.premoderation ?? false });
    const kept = asked(conv, roundId, setup.keptBy ?? 0, 'Quel impact de l’avion sur le bilan ?', setup.keptAnonymous ?? false);
    const dup = asked(kept.conv, roundId, setup.dupBy ?? 1, 'L’aéroport compte-t-il dans le bilan ?', setup.dupAnonymous ?? false);
    conv = dup.conv;
    const ids = { K: kept.id, D: dup.id };
    if (setup.approve?.length) conv = must(conv, command('question.approve', { questionIds: setup.approve.map((x) => ids[x]) }));
    for (const [who, x] of setup.votes ?? []) conv = must(conv, command('question.upvote', { questionId: ids[x], up: true }), member(conv, who));
    if (setup.project) conv = must(conv, command('question.project', { roundId, questionId: ids[setup.project] }));
    return { conv, roundId, kept: kept.id, dup: dup.id };
  }
  const mergeCmd = (p: { kept: string; dup: string }) => command('question.merge', { sourceId: p.dup, targetId: p.kept });
  const unmergeCmd = (p: { kept: string; dup: string }) => command('question.unmerge', { sourceId: p.dup, targetId: p.kept });
  const votersOf = (conv: Convention, id: string) => Object.keys(q(conv, id).voters).sort();
  const ids = (conv: Convention, ...who: Who[]) => who.map((i) => conv.memberOrder[i]!).sort();

  it.each<{ case: string; setup: PairSetup }>([
    { case: 'two signed questions, no votes', setup: {} },
    { case: 'an anonymous duplicate with its own voters and a voter of both', setup: { dupAnonymous: true, votes: [[2, 'K'], [2, 'D'], [3, 'D'], [4, 'K']] } },
    { case: 'an anonymous kept question, a signed duplicate', setup: { keptAnonymous: true, votes: [[3, 'D']] } },
    { case: 'one member asked both, signed then anonymously (the merge made them anonymous)', setup: { dupBy: 0, dupAnonymous: true, votes: [[2, 'D']] } },
    { case: 'the duplicate’s asker had voted for the kept question', setup: { votes: [[1, 'K'], [2, 'D']] } },
    { case: 'pre-moderation: a pending question kept, an approved duplicate (the merge approved it)', setup: { premoderation: true, approve: ['D'], votes: [[2, 'D']] } },
    { case: 'pre-moderation: an approved question kept, a pending duplicate', setup: { premoderation: true, approve: ['K'], votes: [[2, 'K']] } },
    { case: 'the duplicate was on the projector (the merge moved it)', setup: { project: 'D', votes: [[2, 'D']] } },
    { case: 'the kept question was on the projector', setup: { project: 'K', votes: [[2, 'K'], [3, 'D']] } },
  ])('merge then undo gives both questions back as they were: $case', ({ setup }) => {
    const p = pair(setup);
    const before = p.conv;
    const merged = must(before, mergeCmd(p));
    expect(q(merged, p.dup).mergedInto).toBe(p.kept);
    const undone = run(merged, unmergeCmd(p));
    expect(undone.events).toEqual([{ type: 'QuestionsUnmerged', roundId: p.roundId, sourceId: p.dup, targetId: p.kept, at: expect.any(Number) }]);
    // The whole state, not only the two questions: the round's projector, its order, the rest.
    expect(undone.state).toEqual(before);
  });

  it.each<{ case: string; before: 'K' | 'D' | 'both' | 'none'; after: boolean[]; onKept: boolean; onDup: boolean }>([
    // The rule (docs/methods.md): the duplicate gets its voters back as at the merge; on the kept
    // question, a vote the merge carried over goes, a vote the member set there after the merge stays.
    { case: 'a carried-over vote nobody touched leaves the kept question', before: 'D', after: [], onKept: false, onDup: true },
    { case: 'a new voter after the merge stays on the kept question', before: 'none', after: [true], onKept: true, onDup: false },
    { case: 'a voter of both keeps both votes', before: 'both', after: [], onKept: true, onDup: true },
    { case: 'a voter of both who took back the kept vote after the merge', before: 'both', after: [false], onKept: false, onDup: true },
    { case: 'a duplicate-only voter who took the carried vote back', before: 'D', after: [false], onKept: false, onDup: true },
    { case: 'a duplicate-only voter who took it back and voted again: the vote is theirs now', before: 'D', after: [false, true], onKept: true, onDup: true },
    { case: 'a kept-only voter is not touched by the undo', before: 'K', after: [], onKept: true, onDup: false },
  ])('votes after the merge: $case', ({ before, after, onKept, onDup }) => {
    const voter = 5;
    const votes: [Who, 'K' | 'D'][] = before === 'both' ? [[voter, 'K'], [voter, 'D']] : before === 'none' ? [] : [[voter, before]];
    const p = pair({ votes: [...votes, [2, 'D'], [3, 'K']] });
    let conv = must(p.conv, mergeCmd(p));
    for (const up of after) conv = must(conv, command('question.upvote', { questionId: p.kept, up }), member(conv, voter));
    conv = must(conv, unmergeCmd(p));
    const m = conv.memberOrder[voter]!;
    expect({ onKept: Boolean(q(conv, p.kept).voters[m]), onDup: Boolean(q(conv, p.dup).voters[m]) }).toEqual({ onKept, onDup });
    // The other voters are where they were before the merge.
    expect(votersOf(conv, p.dup).filter((id) => id !== m)).toEqual(ids(conv, 2));
    expect(votersOf(conv, p.kept).filter((id) => id !== m)).toEqual(ids(conv, 3));
  });

  it('anonymity is given back: an anonymous co-asker leaves, a signer of both signs again', () => {
    // Member 0 asks K signed and D anonymously; member 1 co-asks D anonymously (merged in first).
    let { conv, roundId } = withRound();
    const k = asked(conv, roundId, 0, 'Quel budget pour le vélo ?');
    const d = asked(k.conv, roundId, 0, 'Combien pour les pistes cyclables ?', true);
    const e = asked(d.conv, roundId, 1, 'Les pistes cyclables, combien ?', true);
    conv = must(e.conv, command('question.merge', { sourceId: e.id, targetId: d.id }));
    const dBefore = q(conv, d.id);
    conv = must(conv, command('question.merge', { sourceId: d.id, targetId: k.id }));
    expect(q(conv, k.id).authors).toEqual([{ memberId: conv.memberOrder[0], signed: false }, { memberId: conv.memberOrder[1], signed: false }]);
    conv = must(conv, command('question.unmerge', { sourceId: d.id, targetId: k.id }));
    expect(q(conv, k.id).authors).toEqual([{ memberId: conv.memberOrder[0], signed: true }]);
    expect(q(conv, d.id)).toEqual(dBefore);
    // The inner merge is still there, and undone in its turn.
    conv = must(conv, command('question.unmerge', { sourceId: e.id, targetId: d.id }));
    expect(q(conv, d.id).authors).toEqual([{ memberId: conv.memberOrder[0], signed: false }]);
    expect(q(conv, e.id)).toMatchObject({ mergedInto: null, authors: [{ memberId: conv.memberOrder[1], signed: false }] });
  });

  it('a kept question whose own askers all withdrew after the merge is withdrawn by the undo', () => {
    const p = pair({ votes: [[2, 'K']] });
    let conv = must(p.conv, mergeCmd(p));
    conv = must(conv, command('question.withdraw', { questionId: p.kept }), member(conv, 0));
    expect(q(conv, p.kept).withdrawnAt).toBeNull();
    conv = must(conv, unmergeCmd(p));
    expect(q(conv, p.kept)).toMatchObject({ authors: [], voters: {} });
    expect(q(conv, p.kept).withdrawnAt).not.toBeNull();
    expect(q(conv, p.dup)).toMatchObject({ mergedInto: null, withdrawnAt: null, authors: [{ memberId: conv.memberOrder[1], signed: true }] });
  });

  it.each<{ case: string; make: (p: ReturnType<typeof pair>) => { conv: Convention; sourceId: string; targetId: string }; expected: string }>([
    { case: 'a pair never merged', make: (p) => ({ conv: p.conv, sourceId: p.dup, targetId: p.kept }), expected: 'NOT_MERGED' },
    { case: 'the pair the other way round', make: (p) => ({ conv: must(p.conv, mergeCmd(p)), sourceId: p.kept, targetId: p.dup }), expected: 'NOT_MERGED' },
    { case: 'a merge already undone (a second click)', make: (p) => ({ conv: must(must(p.conv, mergeCmd(p)), unmergeCmd(p)), sourceId: p.dup, targetId: p.kept }), expected: 'NOT_MERGED' },
    { case: 'a question with itself', make: (p) => ({ conv: must(p.conv, mergeCmd(p)), sourceId: p.kept, targetId: p.kept }), expected: 'NOT_MERGED' },
    {
      case: 'a duplicate merged into another question',
      make: (p) => {
        const third = asked(p.conv, p.roundId, 2, 'Une troisième question ?');
        return { conv: must(third.conv, command('question.merge', { sourceId: p.dup, targetId: third.id })), sourceId: p.dup, targetId: p.kept };
      },
      expected: 'NOT_MERGED',
    },
    {
      case: 'a merge inside a merge (undo the outer one first)',
      make: (p) => {
        const third = asked(p.conv, p.roundId, 2, 'Une troisième question ?');
        const inner = must(third.conv, mergeCmd(p));
        return { conv: must(inner, command('question.merge', { sourceId: p.kept, targetId: third.id })), sourceId: p.dup, targetId: p.kept };
      },
      expected: 'WRONG_PHASE',
    },
    { case: 'an unknown question', make: (p) => ({ conv: must(p.conv, mergeCmd(p)), sourceId: 'nope', targetId: p.kept }), expected: 'NOT_FOUND' },
  ])('refused: $case → $expected, nothing changes', ({ make, expected }) => {
    const { conv, sourceId, targetId } = make(pair());
    const result = run(conv, command('question.unmerge', { sourceId, targetId }));
    expect(code(result)).toBe(expected);
    expect(result.state).toBe(conv);
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
    step(run(state, command('question.upvote', { questionId: first, up: false }), member(state, 2)));
    step(run(state, command('question.unmerge', { sourceId: second, targetId: first })));
    step(run(state, command('question.merge', { sourceId: second, targetId: first })));
    step(run(state, command('question.edit', { questionId: first, text: 'Première, corrigée ?' })));
    step(run(state, command('question.project', { roundId, questionId: first })));
    step(run(state, command('question.answer', { questionId: first, answered: true })));
    expect(replay(events, conv)).toEqual(state);
  });
});
