import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../shared/domain/events.ts';
import { type CommandInput, replay } from '../../shared/registry.ts';
import type { Actor, Convention } from '../../shared/domain/types.ts';
import { consolePolls, memberPoll, publicPoll, screenPoll } from '../../shared/features/polls/views.ts';
import { memberView, publicView } from '../../shared/views/member-views.ts';
import { screenView } from '../../shared/views/screen-view.ts';
import { command, deepFreeze, must, roomFixture, run } from '../helpers/domain-fixtures.ts';

// The rules of quick polls, decided and evolved as the server does: drafts, one-key launch,
// one answer per member that the last one replaces, close / reopen / reveal, moderation, and
// what each channel's view may hold.

const member = (conv: Convention, memberId: string): Actor => ({ role: 'member', conventionId: conv.id, memberId });
const live = (conv: Convention) => conv.sessions[conv.liveSessionId!]!;
const code = (r: { error: { code: string } | null }) => r.error?.code ?? 'ok';

const ADEME = ['Génération frugale', 'Coopérations territoriales', 'Technologies vertes', 'Pari réparateur'];

type Create = CommandInput<'poll.create'>;
function create(conv: Convention, fields: Partial<Create> = {}): { conv: Convention; pollId: string } {
  const args: Create = { sessionId: live(conv).id, agendaItemId: null, question: 'Quel scénario vous semble le plus souhaitable ?', format: { kind: 'single', options: ADEME }, live: false, ...fields };
  const result = run(conv, command('poll.create', args));
  if (result.error) throw new Error(`poll.create: ${result.error.code}`);
  return { conv: result.state, pollId: (result.data as { pollId: string }).pollId };
}

function launched(fields: Partial<Create> = {}) {
  const made = create(roomFixture(), fields);
  return { conv: must(made.conv, command('poll.launch', { sessionId: live(made.conv).id, pollId: made.pollId })), pollId: made.pollId };
}

describe('preparing polls', () => {
  it('creates a draft attached to an agenda item, options numbered o1, o2…', () => {
    const conv = roomFixture();
    const item = live(conv).agenda[1]!;
    const { conv: next, pollId } = create(conv, { agendaItemId: item.id });
    expect(next.polls[pollId]).toMatchObject({
      status: 'draft',
      agendaItemId: item.id,
      number: 1,
      revealed: false,
      answers: {},
      format: { kind: 'single', options: ADEME.map((label, i) => ({ id: `o${i + 1}`, label })) },
    });
  });

  it.each([
    { name: 'an agenda item of another session', fields: { agendaItemId: 'nope' }, error: 'NOT_FOUND' },
    { name: 'an unknown session', fields: { sessionId: 'nope' }, error: 'NOT_FOUND' },
  ])('refuses $name', ({ fields, error }) => {
    const conv = roomFixture();
    const result = run(conv, command('poll.create', { sessionId: live(conv).id, agendaItemId: null, question: 'Q ?', format: { kind: 'words' }, live: false, ...fields }));
    expect(code(result)).toBe(error);
    expect(result.state).toBe(conv);
  });

  it('refuses a closed session', () => {
    let conv = roomFixture();
    const sessionId = live(conv).id;
    conv = must(conv, command('session.close', { sessionId }));
    expect(code(run(conv, command('poll.create', { sessionId, agendaItemId: null, question: 'Q ?', format: { kind: 'words' }, live: false })))).toBe('SESSION_CLOSED');
  });

  it('edits and deletes drafts only', () => {
    const { conv, pollId } = create(roomFixture());
    const edited = must(conv, command('poll.edit', { pollId, agendaItemId: null, question: 'De 1 à 5, vous sentez-vous informé·e ?', format: { kind: 'scale', min: 1, max: 5, minLabel: 'Pas du tout', maxLabel: 'Très bien' }, live: true }));
    expect(edited.polls[pollId]).toMatchObject({ question: 'De 1 à 5, vous sentez-vous informé·e ?', live: true, format: { kind: 'scale', min: 1, max: 5 } });
    expect(must(edited, command('poll.delete', { pollId })).polls[pollId]).toBeUndefined();

    const started = must(edited, command('poll.launch', { sessionId: live(edited).id, pollId }));
    expect(code(run(started, command('poll.edit', { pollId, agendaItemId: null, question: 'Autre', format: { kind: 'words' }, live: false })))).toBe('WRONG_PHASE');
    expect(code(run(started, command('poll.delete', { pollId })))).toBe('WRONG_PHASE');
  });

  it('duplicates a launched poll into a fresh draft with the same question, without its answers', () => {
    const { conv: started, pollId } = launched();
    const answered = must(started, command('poll.answer', { pollId, answer: { kind: 'choices', optionIds: ['o1'] } }), member(started, started.memberOrder[0]!));
    const result = run(answered, command('poll.duplicate', { pollId }));
    const copy = result.state.polls[(result.data as { pollId: string }).pollId]!;
    expect(copy).toMatchObject({ status: 'draft', question: answered.polls[pollId]!.question, format: answered.polls[pollId]!.format, answers: {}, number: 2 });
    const closed = must(answered, command('session.close', { sessionId: live(answered).id }));
    expect(code(run(closed, command('poll.duplicate', { pollId })))).toBe('SESSION_CLOSED');
  });
});

describe('launching in one keystroke', () => {
  it('launches the first draft of the current agenda item, shows the poll panel and points the projector at it', () => {
    let conv = roomFixture();
    const [first, second] = live(conv).agenda;
    ({ conv } = create(conv, { agendaItemId: second!.id, question: 'Pour plus tard' }));
    const { conv: withNow, pollId: now } = create(conv, { agendaItemId: first!.id, question: 'Maintenant' });
    const { conv: ready } = create(withNow, { agendaItemId: first!.id, question: 'Ensuite' });
    expect(live(ready).currentItemId).toBe(first!.id);
    const result = run(ready, command('poll.launch', { sessionId: live(ready).id, pollId: null }));
    expect(result.data).toEqual({ pollId: now });
    expect(result.events.map((e) => e.type)).toEqual(['PollLaunched', 'PollShown', 'ScreenPanelSet']);
    expect(result.state.polls[now]!.status).toBe('open');
    expect(live(result.state).screenPanel).toBe('poll');
    expect(result.state.pollShown[live(ready).id]).toBe(now);
  });

  it('without a draft for the current item, launches the first draft attached to no item; none at all: NOT_FOUND', () => {
    let conv = roomFixture();
    const later = live(conv).agenda[1]!;
    ({ conv } = create(conv, { agendaItemId: later.id }));
    expect(code(run(conv, command('poll.launch', { sessionId: live(conv).id, pollId: null })))).toBe('NOT_FOUND');
    const { conv: withLoose, pollId } = create(conv, { agendaItemId: null });
    expect(run(withLoose, command('poll.launch', { sessionId: live(conv).id, pollId: null })).data).toEqual({ pollId });
  });

  it('closes the poll that was open: one poll at a time', () => {
    const { conv, pollId: first } = launched();
    const { conv: ready, pollId: second } = create(conv, { question: 'En un mot, le climat en 2050 pour vous ?', format: { kind: 'words' } });
    const result = run(ready, command('poll.launch', { sessionId: live(ready).id, pollId: second }));
    expect(result.events.map((e) => e.type)).toEqual(['PollClosed', 'PollLaunched', 'PollShown']);
    expect(result.state.polls[first]!.status).toBe('closed');
    expect(result.state.polls[second]!.status).toBe('open');
  });

  it('needs the poll’s session to be live', () => {
    let conv = roomFixture();
    const other = conv.sessionOrder.find((id) => id !== conv.liveSessionId)!;
    const made = run(conv, command('poll.create', { sessionId: other, agendaItemId: null, question: 'Plus tard ?', format: { kind: 'words' }, live: false }));
    conv = made.state;
    expect(code(run(conv, command('poll.launch', { sessionId: other, pollId: (made.data as { pollId: string }).pollId })))).toBe('SESSION_NOT_LIVE');
  });

  it('a launched poll launched again changes nothing; a closed one is opened again with poll.reopen, answers kept', () => {
    const { conv, pollId } = launched();
    expect(run(conv, command('poll.launch', { sessionId: live(conv).id, pollId })).events).toEqual([]);
    const m0 = conv.memberOrder[0]!;
    let next = must(conv, command('poll.answer', { pollId, answer: { kind: 'choices', optionIds: ['o2'] } }), member(conv, m0));
    next = must(next, command('poll.close', { pollId }));
    expect(code(run(next, command('poll.launch', { sessionId: live(next).id, pollId })))).toBe('WRONG_PHASE');
    next = must(next, command('poll.reopen', { pollId }));
    expect(next.polls[pollId]).toMatchObject({ status: 'open', closedAt: null, answers: { [m0]: { kind: 'choices', optionIds: ['o2'] } } });
  });
});

describe('answering', () => {
  it('one answer per member: the last one replaces the previous one; the same one again records nothing', () => {
    const { conv, pollId } = launched();
    const m0 = member(conv, conv.memberOrder[0]!);
    let next = must(conv, command('poll.answer', { pollId, answer: { kind: 'choices', optionIds: ['o1'] } }), m0);
    next = must(next, command('poll.answer', { pollId, answer: { kind: 'choices', optionIds: ['o3'] } }), m0);
    expect(next.polls[pollId]!.answers).toEqual({ [conv.memberOrder[0]!]: { kind: 'choices', optionIds: ['o3'] } });
    expect(run(next, command('poll.answer', { pollId, answer: { kind: 'choices', optionIds: ['o3'] } }), m0).events).toEqual([]);
  });

  it('a member who is not marked present may answer (a poll is a sounding, not a decision)', () => {
    const { conv, pollId } = launched();
    const absent = conv.memberOrder.find((id) => !live(conv).present[id])!;
    expect(code(run(conv, command('poll.answer', { pollId, answer: { kind: 'choices', optionIds: ['o1'] } }), member(conv, absent)))).toBe('ok');
  });

  it('stores multiple choices in the poll’s order, each once', () => {
    const { conv, pollId } = launched({ format: { kind: 'multiple', options: ADEME, maxChoices: 2 } });
    const m0 = conv.memberOrder[0]!;
    const next = must(conv, command('poll.answer', { pollId, answer: { kind: 'choices', optionIds: ['o4', 'o1', 'o4'] } }), member(conv, m0));
    expect(next.polls[pollId]!.answers[m0]).toEqual({ kind: 'choices', optionIds: ['o1', 'o4'] });
  });

  it.each([
    { name: 'two options to a single-choice poll', format: { kind: 'single' as const, options: ADEME }, answer: { kind: 'choices' as const, optionIds: ['o1', 'o2'] }, path: 'args.answer.optionIds' },
    { name: 'more than maxChoices', format: { kind: 'multiple' as const, options: ADEME, maxChoices: 2 }, answer: { kind: 'choices' as const, optionIds: ['o1', 'o2', 'o3'] }, path: 'args.answer.optionIds' },
    { name: 'an option the poll does not have', format: { kind: 'single' as const, options: ADEME }, answer: { kind: 'choices' as const, optionIds: ['o9'] }, path: 'args.answer.optionIds' },
    { name: 'a value to a choice poll', format: { kind: 'single' as const, options: ADEME }, answer: { kind: 'scale' as const, value: 2 }, path: 'args.answer.kind' },
    { name: 'a value outside the scale', format: { kind: 'scale' as const, min: 1, max: 5, minLabel: '', maxLabel: '' }, answer: { kind: 'scale' as const, value: 0 }, path: 'args.answer.value' },
    { name: 'words to a scale', format: { kind: 'scale' as const, min: 1, max: 5, minLabel: '', maxLabel: '' }, answer: { kind: 'words' as const, text: 'climat' }, path: 'args.answer.kind' },
    { name: 'options to a word cloud', format: { kind: 'words' as const }, answer: { kind: 'choices' as const, optionIds: ['o1'] }, path: 'args.answer.kind' },
  ])('refuses $name with INVALID_PAYLOAD, state unchanged', ({ format, answer, path }) => {
    const { conv, pollId } = launched({ format });
    const result = run(conv, command('poll.answer', { pollId, answer }), member(conv, conv.memberOrder[0]!));
    expect(result.error).toMatchObject({ code: 'INVALID_PAYLOAD', details: { path } });
    expect(result.state).toBe(conv);
  });

  it('refuses an answer to a closed poll or a draft with POLL_NOT_OPEN', () => {
    const { conv, pollId } = launched();
    const m0 = member(conv, conv.memberOrder[0]!);
    const closed = must(conv, command('poll.close', { pollId }));
    expect(run(closed, command('poll.answer', { pollId, answer: { kind: 'choices', optionIds: ['o1'] } }), m0).error).toMatchObject({ code: 'POLL_NOT_OPEN', details: { phase: 'closed' } });
    const { conv: drafted, pollId: draft } = create(closed);
    expect(code(run(drafted, command('poll.answer', { pollId: draft, answer: { kind: 'choices', optionIds: ['o1'] } }), m0))).toBe('POLL_NOT_OPEN');
  });

  it('refuses an answer once the session is closed, and any role but a member', () => {
    const { conv, pollId } = launched();
    const answer = { pollId, answer: { kind: 'choices' as const, optionIds: ['o1'] } };
    expect(code(run(conv, command('poll.answer', answer)))).toBe('FORBIDDEN');
    const closed = must(conv, command('session.close', { sessionId: live(conv).id }));
    expect(code(run(closed, command('poll.answer', answer), member(conv, conv.memberOrder[0]!)))).toBe('SESSION_NOT_LIVE');
  });
});

describe('close, reveal, show', () => {
  it('reveal needs a launched poll, and puts it on the projector', () => {
    const { conv, pollId } = create(roomFixture());
    expect(code(run(conv, command('poll.reveal', { pollId, revealed: true })))).toBe('WRONG_PHASE');
    let next = must(conv, command('poll.launch', { sessionId: live(conv).id, pollId }));
    next = must(next, command('screen.show', { sessionId: live(next).id, panel: 'agenda' }));
    const result = run(next, command('poll.reveal', { pollId, revealed: true }));
    expect(result.events.map((e) => e.type)).toEqual(['PollRevealed', 'ScreenPanelSet']);
    expect(run(result.state, command('poll.reveal', { pollId, revealed: true })).events).toEqual([]);
    expect(must(result.state, command('poll.reveal', { pollId, revealed: false })).polls[pollId]!.revealed).toBe(false);
  });

  it('closing twice is harmless; closing a draft is WRONG_PHASE', () => {
    const { conv, pollId } = launched();
    const closed = must(conv, command('poll.close', { pollId }));
    expect(run(closed, command('poll.close', { pollId })).events).toEqual([]);
    const { conv: drafted, pollId: draft } = create(closed);
    expect(code(run(drafted, command('poll.close', { pollId: draft })))).toBe('WRONG_PHASE');
  });

  it('shows an earlier poll again on the projector', () => {
    const { conv, pollId: first } = launched();
    const { conv: ready, pollId: second } = create(conv, { format: { kind: 'words' } });
    const both = must(ready, command('poll.launch', { sessionId: live(ready).id, pollId: second }));
    expect(screenPoll(both)!.id).toBe(second);
    const back = must(both, command('poll.show', { pollId: first }));
    expect(screenPoll(back)!.id).toBe(first);
    // Phones keep the open poll to answer.
    expect(publicPoll(back)!.id).toBe(second);
  });
});

describe('moderating a word cloud', () => {
  it('hides a word whatever its accents and case, and puts it back', () => {
    const { conv, pollId } = launched({ format: { kind: 'words' } });
    let next = conv;
    conv.memberOrder.slice(0, 3).forEach((id, i) => {
      next = must(next, command('poll.answer', { pollId, answer: { kind: 'words', text: ['Crétin', 'espoir', 'cretin !'][i]! } }), member(conv, id));
    });
    next = must(next, command('poll.reveal', { pollId, revealed: true }));
    expect(publicPoll(next)!.results).toMatchObject({ kind: 'words', words: [{ key: 'cretin', count: 2 }, { key: 'espoir', count: 1 }] });
    next = must(next, command('poll.hideWord', { pollId, word: 'CRÉTIN', hidden: true }));
    expect(next.polls[pollId]!.hiddenWords).toEqual(['cretin']);
    expect(publicPoll(next)!.results).toMatchObject({ kind: 'words', words: [{ key: 'espoir' }] });
    expect(consolePolls(next, live(next).id)[0]!.hiddenWords).toEqual([{ key: 'cretin', text: 'crétin', count: 2 }]);
    expect(run(next, command('poll.hideWord', { pollId, word: 'cretin', hidden: true })).events).toEqual([]);
    next = must(next, command('poll.hideWord', { pollId, word: 'cretin', hidden: false }));
    expect(next.polls[pollId]!.hiddenWords).toEqual([]);
  });

  it('a poll without a cloud has no word to hide', () => {
    const { conv, pollId } = launched();
    expect(code(run(conv, command('poll.hideWord', { pollId, word: 'x', hidden: true })))).toBe('NOT_FOUND');
  });
});

describe('views: only aggregates leave, and only once revealed', () => {
  function answeredRoom(live_ = false) {
    const { conv, pollId } = launched({ live: live_ });
    let next = conv;
    const picks = ['o1', 'o1', 'o2', 'o4'];
    conv.memberOrder.slice(0, 4).forEach((id, i) => {
      next = must(next, command('poll.answer', { pollId, answer: { kind: 'choices', optionIds: [picks[i]!] } }), member(conv, id));
    });
    return { conv: deepFreeze(next), pollId };
  }

  it('before reveal: participation, no results, on the projector and phones; the console sees them', () => {
    const { conv } = answeredRoom();
    expect(screenPoll(conv)).toMatchObject({ respondents: 4, results: null, status: 'open' });
    expect(publicPoll(conv)).toMatchObject({ respondents: 4, results: null });
    expect(consolePolls(conv, live(conv).id)[0]!.results).toMatchObject({ kind: 'choices', options: [{ count: 2, percent: 50 }, { count: 1 }, { count: 0 }, { count: 1, percent: 25 }] });
  });

  it('after reveal (or with live results): counts and percentages', () => {
    const { conv, pollId } = answeredRoom();
    const revealed = must(conv, command('poll.reveal', { pollId, revealed: true }));
    expect(screenPoll(revealed)!.results).toEqual({
      kind: 'choices',
      options: ADEME.map((label, i) => ({ id: `o${i + 1}`, label, count: [2, 1, 0, 1][i], percent: [50, 25, 0, 25][i] })),
    });
    expect(publicPoll(answeredRoom(true).conv)!.results).not.toBeNull();
  });

  it('no member id, and no answer linked to a member, in the screen, public and console views', () => {
    const { conv } = answeredRoom();
    const views = [JSON.stringify(screenView(conv, { connected: new Set(), publicUrl: 'http://x' })), JSON.stringify(publicView(conv)), JSON.stringify(consolePolls(conv, live(conv).id))];
    for (const view of views) for (const id of conv.memberOrder) expect(view).not.toContain(id);
  });

  it('a member’s view holds their own answer only', () => {
    const { conv, pollId } = answeredRoom();
    const [m0, m1] = conv.memberOrder;
    expect(memberPoll(conv, m0!)).toEqual({ pollId, answer: { kind: 'choices', optionIds: ['o1'] } });
    expect(memberPoll(conv, conv.memberOrder[5]!)).toEqual({ pollId, answer: null });
    expect(JSON.stringify(memberView(conv, m0!))).not.toContain(m1!);
  });

  it('the console lists a free-text poll’s texts alphabetically, without names', () => {
    const { conv, pollId } = launched({ format: { kind: 'words' } });
    let next = conv;
    ['vélo', 'Arbres', 'chaleur'].forEach((text, i) => {
      next = must(next, command('poll.answer', { pollId, answer: { kind: 'words', text } }), member(conv, conv.memberOrder[i]!));
    });
    expect(consolePolls(next, live(next).id)[0]!.texts).toEqual(['Arbres', 'chaleur', 'vélo']);
  });
});

describe('replay', () => {
  it('rebuilds the same state from the events', () => {
    const events: DomainEvent[] = [];
    let conv = roomFixture();
    const start = conv;
    const step = (name: Parameters<typeof command>[0], args: unknown, actor?: Actor) => {
      const result = run(conv, command(name, args as never), actor);
      if (result.error) throw new Error(`${name}: ${result.error.code}`);
      events.push(...result.events);
      conv = result.state;
      return result.data as { pollId?: string } | undefined;
    };
    const { pollId } = step('poll.create', { sessionId: live(conv).id, agendaItemId: null, question: 'Un mot ?', format: { kind: 'words' }, live: false }) as { pollId: string };
    step('poll.launch', { sessionId: live(conv).id, pollId: null });
    step('poll.answer', { pollId, answer: { kind: 'words', text: 'Espoir' } }, member(conv, conv.memberOrder[0]!));
    step('poll.answer', { pollId, answer: { kind: 'words', text: 'Sobriété' } }, member(conv, conv.memberOrder[0]!));
    step('poll.hideWord', { pollId, word: 'espoir', hidden: true });
    step('poll.close', { pollId });
    step('poll.reveal', { pollId, revealed: true });
    step('poll.duplicate', { pollId });
    expect(replay(events, start)).toEqual(conv);
  });
});
