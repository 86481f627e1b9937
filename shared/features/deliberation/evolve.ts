import { checkRecord, gradingRecord } from './record.ts';
import type { ConsensusCheck, Grading, MinorityOpinion } from './types.ts';
import type { Convention } from '../../domain/types.ts';
import { reportedAttributes } from '../strata/member-strata.ts';

// How consensus-check and grading events change the state (see shared/features/core/evolve.ts
// for the rules).

/**
 * Events of consensus checks and gradings. Answers and grades carry who answered, never what:
 * the what is a secret counter (shared/domain/secret-ballots.ts).
 */
export type DeliberationEvent =
  /** As created; the `frozen` labels come with the close (evolve sets them). */
  | { type: 'CheckCreated'; check: Omit<ConsensusCheck, 'frozen'> }
  | { type: 'CheckOpened'; checkId: string }
  | { type: 'CheckCurrentSet'; checkId: string; proposalId: string | null }
  | { type: 'CheckAnswered'; checkId: string; proposalId: string; memberId: string }
  | { type: 'OpinionAdded'; checkId: string; proposalId: string; opinion: MinorityOpinion }
  | { type: 'OpinionProjected'; checkId: string; proposalId: string; opinionId: string; projected: boolean }
  | { type: 'CheckRevealed'; checkId: string; revealed: boolean }
  | { type: 'CheckClosed'; checkId: string }
  | { type: 'GradingCreated'; grading: Omit<Grading, 'frozen'> }
  | { type: 'GradingOpened'; gradingId: string }
  | { type: 'GradesCast'; gradingId: string; memberId: string; proposalIds: string[] }
  | { type: 'GradingRevealed'; gradingId: string; revealed: boolean }
  | { type: 'GradingClosed'; gradingId: string };

const TYPES = new Set<string>([
  'CheckCreated', 'CheckOpened', 'CheckCurrentSet', 'CheckAnswered', 'OpinionAdded', 'OpinionProjected', 'CheckRevealed', 'CheckClosed',
  'GradingCreated', 'GradingOpened', 'GradesCast', 'GradingRevealed', 'GradingClosed',
] satisfies DeliberationEvent['type'][]);

export function isDeliberationEvent(event: { type: string }): event is DeliberationEvent {
  return TYPES.has(event.type);
}

export function evolveDeliberation(s: Convention, event: DeliberationEvent): Convention {
  switch (event.type) {
    case 'CheckCreated':
      return { ...s, checks: { ...s.checks, [event.check.id]: { ...event.check, frozen: null } } };
    case 'CheckOpened':
      return check(s, event.checkId, () => ({ status: 'open', ...strataNow(s) }));
    case 'CheckCurrentSet':
      return check(s, event.checkId, () => ({ currentProposalId: event.proposalId }));
    case 'CheckAnswered':
      return check(s, event.checkId, (c) => ({ answered: { ...c.answered, [event.proposalId]: { ...c.answered[event.proposalId], [event.memberId]: true } } }));
    case 'OpinionAdded':
      return check(s, event.checkId, (c) => ({ opinions: { ...c.opinions, [event.proposalId]: [...(c.opinions[event.proposalId] ?? []), event.opinion] } }));
    case 'OpinionProjected':
      return check(s, event.checkId, (c) => ({
        opinions: { ...c.opinions, [event.proposalId]: (c.opinions[event.proposalId] ?? []).map((o) => (o.id === event.opinionId ? { ...o, projected: event.projected } : o)) },
      }));
    case 'CheckRevealed':
      return check(s, event.checkId, () => ({ revealed: event.revealed }));
    case 'CheckClosed':
      // The labels its readings show are kept as they are now (replay keeps them at the same point).
      return check(s, event.checkId, (c) => ({ status: 'closed', currentProposalId: null, frozen: checkRecord(s, c) }));
    case 'GradingCreated':
      return { ...s, gradings: { ...s.gradings, [event.grading.id]: { ...event.grading, frozen: null } } };
    case 'GradingOpened':
      return grading(s, event.gradingId, () => ({ status: 'open', ...strataNow(s) }));
    case 'GradesCast':
      return grading(s, event.gradingId, (g) => {
        const graded = { ...g.graded };
        for (const id of event.proposalIds) graded[id] = { ...graded[id], [event.memberId]: true };
        return { graded };
      });
    case 'GradingRevealed':
      return grading(s, event.gradingId, () => ({ revealed: event.revealed }));
    case 'GradingClosed':
      return grading(s, event.gradingId, (g) => ({ status: 'closed', frozen: gradingRecord(s, g) }));
  }
}

/** The strata its answers are counted over, to its close: those reported when it opens (shared/features/strata/). */
function strataNow(s: Convention): { strataAttributes?: string[] } {
  const attributes = reportedAttributes(s);
  return attributes.length > 0 ? { strataAttributes: [...attributes] } : {};
}

function check(s: Convention, id: string, change: (c: ConsensusCheck) => Partial<ConsensusCheck>): Convention {
  const c = s.checks[id];
  return c ? { ...s, checks: { ...s.checks, [id]: { ...c, ...change(c) } } } : s;
}

function grading(s: Convention, id: string, change: (g: Grading) => Partial<Grading>): Convention {
  const g = s.gradings[id];
  return g ? { ...s, gradings: { ...s.gradings, [id]: { ...g, ...change(g) } } } : s;
}
