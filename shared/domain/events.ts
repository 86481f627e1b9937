import type { CoreEvent } from '../features/core/evolve.ts';
import type { DeliberationEvent } from '../features/deliberation/evolve.ts';
import type { FollowUpEvent } from '../features/followup/evolve.ts';
import type { PollEvent } from '../features/polls/evolve.ts';
import type { ProposalEvent } from '../features/proposals/evolve.ts';
import type { PublishingEvent } from '../features/publishing/evolve.ts';
import type { QuestionEvent } from '../features/questions/evolve.ts';
import type { RankingEvent } from '../features/ranking/evolve.ts';
import type { StrataEvent } from '../features/strata/evolve.ts';
import type { SeriesEvent } from '../features/series/evolve.ts';
import type { SpeedEvent } from '../features/speed/evolve.ts';
import type { TimerEvent } from '../features/timer/evolve.ts';
import type { VisionEvent } from '../features/visions/evolve.ts';
import type { VoteEvent } from '../features/votes/evolve.ts';

// Facts appended to the log: the union of every feature's events, each declared next to its
// evolve (shared/features/<feature>/evolve.ts). Every field needed to rebuild the state is in
// the event (ids, codes, random draws), so replay never calls a clock or a random generator.
export type DomainEvent =
  | CoreEvent
  | TimerEvent
  | VisionEvent
  | RankingEvent
  | ProposalEvent
  | VoteEvent
  | DeliberationEvent
  | SpeedEvent
  | PollEvent
  | QuestionEvent
  | FollowUpEvent
  | PublishingEvent
  | StrataEvent
  | SeriesEvent;
