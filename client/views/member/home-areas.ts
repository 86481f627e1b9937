import type { ChannelViews } from '../../../shared/views/channels.ts';
import { hasFollowUp } from '../../../shared/features/followup/shown.ts';

// When each area of the member's home page has something to show. One function per area, read
// by the area itself (it shows nothing otherwise) and by MemberHome.svelte, which downloads an
// area's chunk, with its words, only once this is true: a phone downloads only what it shows.
// Types only are imported: this file costs the home page a few bytes.

/** What the areas read of the live connection (client/lib/live.svelte.ts). */
export interface HomeViews {
  readonly public: ChannelViews['public'] | null;
  readonly member: ChannelViews['member'];
  readonly table: ChannelViews['table'];
}

/** Adoption votes: one is open, or the result of the last one closed stays shown. */
export const showsVotes = (live: HomeViews): boolean =>
  live.member !== null && (live.public?.votes.some((vote) => vote.status === 'open' || vote.result !== null) ?? false);

/** Consensus checks and majority-judgment gradings: one is open. */
export const showsDeliberation = (live: HomeViews): boolean =>
  live.member?.counted !== false &&
  ((live.public?.deliberation.checks.some((check) => check.status === 'open') ?? false) ||
    (live.public?.deliberation.gradings.some((grading) => grading.status === 'open') ?? false));

/** The speed meeting: one runs (or just ended) and this member has a schedule in it. */
export const showsSpeed = (live: HomeViews): boolean => Boolean(live.public?.speed && live.member?.speed);

/** Table visions: one is open or shown. */
export const showsVision = (live: HomeViews): boolean => Boolean(live.public?.vision && live.member);

/** The quick poll: one is open, or its results are revealed. */
export const showsPoll = (live: HomeViews): boolean => Boolean(live.public?.poll);

/** Questions to the speakers: a round is shown. */
export const showsQuestions = (live: HomeViews): boolean => Boolean(live.public?.questions?.round);

/** The follow-up after the Council: some adopted proposal has a decision, a department, a milestone or an update. */
export const showsFollowUp = (live: HomeViews): boolean => live.member !== null && (live.public?.followUp.some(hasFollowUp) ?? false);
