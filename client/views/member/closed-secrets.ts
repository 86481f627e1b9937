import type { PublicView } from '../../../shared/views/member-views.ts';
import type { Live } from '../../lib/live.svelte.ts';
import type { OutboxEntry } from '../../lib/outbox.ts';
import { forgetSecretChoices, readSecretChoices } from './secret-choices.ts';
import { forgetWaveAnswers } from './wave-answers.ts';

// A secret choice lives on the phone only as long as it is needed: a reminder of a secret vote
// ("vous avez voté Pour", secret-choices.ts) while the vote is open, and a ballot in the queue
// (lib/outbox.ts: a vote, an agreement level, grades, a poll answer sent in a Wi-Fi gap) until
// the server answers or its activity closes. Once the room's view (the `public` channel) shows
// the activity closed, or no longer shows it (another session), neither can serve: a closed
// ballot is no longer counted and a closed vote's card shows its result, not the choice. So
// both are dropped (MemberSeat.svelte applies this on every view, at start too), and a phone
// lost after the vote holds nothing of it. The one exception: a consensus answer of a series'
// wave with transitions is kept until the series' next wave closes (wave-answers.ts).

type Args = Record<string, unknown>;

/** Whether the command is a ballot whose activity the view shows open (null: not a ballot). */
function ballotOpen(entry: OutboxEntry, view: PublicView): boolean | null {
  const args = (entry.args ?? {}) as Args;
  switch (entry.name) {
    case 'vote.cast':
      return view.votes.some((v) => v.id === args.voteId && v.status === 'open');
    case 'consensus.answer':
      return view.deliberation.checks.some((c) => c.id === args.checkId && c.status === 'open');
    case 'grading.grade':
      return view.deliberation.gradings.some((g) => g.id === args.gradingId && g.status === 'open');
    case 'poll.answer':
      return view.poll !== null && view.poll.id === args.pollId && view.poll.status === 'open';
    default:
      return null;
  }
}

/** The queued ballots whose activity is no longer open: they can no longer count. */
export function closedBallots(pending: readonly OutboxEntry[], view: PublicView): Set<string> {
  return new Set(pending.filter((entry) => ballotOpen(entry, view) === false).map((entry) => entry.cid));
}

/** The votes whose reminder can go: not shown open any more. */
export function closedVotes(keptVoteIds: Iterable<string>, view: PublicView): string[] {
  const open = new Set(view.votes.filter((v) => v.status === 'open').map((v) => v.id));
  return [...keptVoteIds].filter((id) => !open.has(id));
}

/**
 * Applies both to the phone's storage and queue (MemberSeat.svelte, on every view). Its own
 * chunk, loaded once there is a view: the join page and the home page need none of it first.
 */
export function forgetClosedSecrets(live: Pick<Live, 'public' | 'pending' | 'dropPending'>, memberId: string): void {
  const view = live.public;
  if (!view) return;
  const votes = closedVotes(Object.keys(readSecretChoices(memberId)), view);
  if (votes.length > 0) forgetSecretChoices(memberId, votes);
  const ballots = closedBallots(live.pending, view);
  if (ballots.size > 0) live.dropPending(ballots);
  // A consensus answer kept for a series' next wave (wave-answers.ts): only while its check is
  // open, or listed in `waves.keep` (its series counts transitions and its next wave is not closed).
  const keep = new Set([...(view.waves?.keep ?? []), ...view.deliberation.checks.filter((c) => c.status === 'open').map((c) => c.id)]);
  forgetWaveAnswers(memberId, keep);
}
