import { evolve } from '../../shared/registry.ts';
import type { Convention } from '../../shared/domain/types.ts';
import type { DomainEvent } from '../../shared/domain/events.ts';

// The participation view (Engine.viewState) is the state plus the "has voted" events of the
// ballots waiting in boxes. A batch-mode consensus check keeps one counter per proposal, so its
// box holds up to (2k - 1) answers per proposal before any leaves: 2,600 answers for a batch of
// 290. Evolving them one by one copies the check's `answered` map (one key per proposal) for
// each answer, and the view is rebuilt after every ballot: a session-5 batch of 290 proposals
// and 30 members took minutes. These events only set flags, so their order does not matter:
// the flags of each check and grading are gathered and written with one copy each. Equal to
// evolving the events one by one (test/unit/participation-overlay.test.ts).

type CheckAnswered = Extract<DomainEvent, { type: 'CheckAnswered' }>;
type GradesCast = Extract<DomainEvent, { type: 'GradesCast' }>;

/** `base` with `events` applied: the same state as evolving them in order, in one pass. */
export function withParticipation(base: Convention, events: readonly DomainEvent[]): Convention {
  const answers = new Map<string, CheckAnswered[]>();
  const grades = new Map<string, GradesCast[]>();
  let state = base;
  for (const event of events) {
    if (event.type === 'CheckAnswered' && base.checks[event.checkId]) push(answers, event.checkId, event);
    else if (event.type === 'GradesCast' && base.gradings[event.gradingId]) push(grades, event.gradingId, event);
    // Anything else (a vote's "has voted", at most 2k - 1 per vote) the usual way.
    else state = evolve(state, event);
  }
  if (answers.size > 0) {
    const checks = { ...state.checks };
    for (const [checkId, list] of answers) {
      const check = checks[checkId]!;
      const answered = { ...check.answered };
      const copied = new Set<string>();
      for (const { proposalId, memberId } of list) {
        if (!copied.has(proposalId)) {
          answered[proposalId] = { ...answered[proposalId] };
          copied.add(proposalId);
        }
        answered[proposalId]![memberId] = true;
      }
      checks[checkId] = { ...check, answered };
    }
    state = { ...state, checks };
  }
  if (grades.size > 0) {
    const gradings = { ...state.gradings };
    for (const [gradingId, list] of grades) {
      const grading = gradings[gradingId]!;
      const graded = { ...grading.graded };
      const copied = new Set<string>();
      for (const { proposalIds, memberId } of list) {
        for (const proposalId of proposalIds) {
          if (!copied.has(proposalId)) {
            graded[proposalId] = { ...graded[proposalId] };
            copied.add(proposalId);
          }
          graded[proposalId]![memberId] = true;
        }
      }
      gradings[gradingId] = { ...grading, graded };
    }
    state = { ...state, gradings };
  }
  return state;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
