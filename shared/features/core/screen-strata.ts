import { appError } from '../../errors.ts';
import { accept, refuse, type Decision } from '../../domain/context.ts';
import { findSession, isError, own } from '../../domain/lookup.ts';
import type { Convention } from '../../domain/types.ts';
import { strataReading } from '../strata/readings.ts';
import type { StratumRef } from '../strata/ref.ts';
import type { Args } from './commands.ts';

// screen.showStrata: the projector's stratum panel shows one closed result read by one
// attribute's strata. Only a result that has such a reading can be chosen: an open one has no
// counts by stratum yet (they appear at its close), and an attribute it was not counted by has
// no rows.

/** The decision a ref names, its kind and title, and whether it is closed; null when there is none. */
function decisionOf(conv: Convention, ref: StratumRef): { title: string; closed: boolean } | null {
  switch (ref.kind) {
    case 'vote': {
      const vote = own(conv.votes, ref.id);
      return vote ? { title: own(conv.proposals, vote.proposalId)?.title ?? '', closed: vote.status === 'closed' } : null;
    }
    case 'check': {
      const check = own(conv.checks, ref.id);
      return check?.proposalIds.includes(ref.proposalId) ? { title: check.title, closed: check.status === 'closed' } : null;
    }
    case 'grading': {
      const grading = own(conv.gradings, ref.id);
      return grading?.proposalIds.includes(ref.proposalId) ? { title: grading.title, closed: grading.status === 'closed' } : null;
    }
    case 'poll': {
      const poll = own(conv.polls, ref.id);
      return poll ? { title: poll.question, closed: poll.status === 'closed' } : null;
    }
  }
}

export function showStrata(conv: Convention, args: Args<'screen.showStrata'>): Decision {
  const session = findSession(conv, args.sessionId);
  if (isError(session)) return refuse(session);
  const decision = decisionOf(conv, args.ref);
  if (!decision) return refuse(appError('NOT_FOUND', `no ${args.ref.kind} ${args.ref.id}`, { entity: args.ref.kind }));
  if (!decision.closed) return refuse(appError('ACTIVITY_STILL_OPEN', `close the ${args.ref.kind} first: its results by stratum appear at its close`, { kind: args.ref.kind, title: decision.title }));
  const reading = strataReading(conv, args.ref);
  if (!reading?.attributes.some((a) => a.attribute === args.attribute)) return refuse(appError('NOT_FOUND', `this result is not read by ${args.attribute}`, { entity: 'attribute' }));
  return accept([{ type: 'StrataScreenSet', sessionId: session.id, ref: args.ref, attribute: args.attribute }]);
}
