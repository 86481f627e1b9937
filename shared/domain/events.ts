import type { ConsensusCheck, Grading, MinorityOpinion } from './types.ts';
import type { Timer } from './types.ts';
import type { SpeedEvent } from '../features/speed/evolve.ts';
import type { PollEvent } from '../features/polls/evolve.ts';
import type { TimerEvent } from '../features/timer/evolve.ts';
import type { VisionEvent } from '../features/visions/evolve.ts';
import type { QuestionEvent } from '../features/questions/evolve.ts';
import type { AccessKeys, AgendaItem, Annotation, Lever, LeverRanking, Member, Proposal, ProposalActor, ProposalStatus, ProposalVersion, RankingPhase, ScreenPanel, Session, Table, TableRanking, Tally, Vote, VoteBasis, VoteChoice, VoteResult } from './types.ts';

// Facts appended to the log. Every field needed to rebuild the state is in the event
// (ids, codes, random draws), so replay never calls a clock or a random generator.
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
  | QuestionEvent;

/** Events of the core: the convention, roster, seats, sessions, agenda, tables, presence, the projector's panel, the countdown. */
export type CoreEvent =
  | { type: 'ConventionCreated'; id: string; name: string; createdAt: number; keys: AccessKeys; levers: Lever[] }
  | { type: 'ConventionRenamed'; name: string }
  | { type: 'LeversSet'; levers: Lever[] }
  | { type: 'MembersAdded'; members: Member[] }
  | { type: 'MemberUpdated'; memberId: string; name: string; attributes: Record<string, string> }
  | { type: 'MemberActiveSet'; memberId: string; active: boolean }
  | { type: 'SeatCodeChanged'; memberId: string; seatCode: string }
  | { type: 'SeatClaimed'; memberId: string; tokenHash: string }
  | { type: 'SeatReleased'; memberId: string }
  | { type: 'SessionCreated'; session: Session }
  | { type: 'SessionUpdated'; sessionId: string; title: string; startDate: string; endDate: string; allowGuests: boolean; quorum: number }
  | { type: 'SessionOpened'; sessionId: string }
  | { type: 'SessionClosed'; sessionId: string }
  | { type: 'AgendaItemAdded'; sessionId: string; item: AgendaItem; index: number }
  | { type: 'AgendaItemUpdated'; sessionId: string; item: AgendaItem }
  | { type: 'AgendaItemRemoved'; sessionId: string; itemId: string }
  | { type: 'AgendaItemMoved'; sessionId: string; itemId: string; index: number }
  | { type: 'AgendaCurrentSet'; sessionId: string; itemId: string | null }
  | { type: 'TablesSet'; sessionId: string; tables: Table[] }
  | { type: 'MemberSeated'; sessionId: string; memberId: string; tableId: string | null }
  | { type: 'PresenceMarked'; sessionId: string; memberIds: string[]; present: boolean }
  | { type: 'ScreenPanelSet'; sessionId: string; panel: ScreenPanel }
  | { type: 'ActiveActivitySet'; sessionId: string; activityId: string | null }
  /** The whole new countdown (null: none). Timers, speeches and speed-meeting rounds all set it. */
  | { type: 'TimerSet'; sessionId: string; timer: Timer | null }

/** Events of a lever-ranking activity (shared/domain/ranking.ts). */
export type RankingEvent =
  | { type: 'RankingCreated'; activity: LeverRanking }
  | { type: 'RankingOpened'; activityId: string; phase: RankingPhase; tableIds: string[]; leverIds: string[]; tables: Record<string, TableRanking> }
  | { type: 'RankingTablesStarted'; activityId: string; tables: Record<string, TableRanking> }
  | { type: 'SilentRankingSubmitted'; activityId: string; memberId: string; order: string[] }
  | { type: 'TableLeverMoved'; activityId: string; tableId: string; memberId: string; leverId: string; toIndex: number }
  | { type: 'TableAgreementSet'; activityId: string; tableId: string; memberId: string; agree: boolean }
  | { type: 'TableLockSet'; activityId: string; tableId: string; locked: boolean }
  | { type: 'RankingRevealSet'; activityId: string; revealed: boolean }
  | { type: 'RankingClosed'; activityId: string };

export type EventType = DomainEvent['type'];

/** Events of proposals (shared/domain/proposals.ts). */
export type ProposalEvent =
  | { type: 'ProposalsAdded'; proposals: Proposal[] }
  | { type: 'ProposalEdited'; proposalId: string; version: ProposalVersion }
  | { type: 'ProposalEditRefused'; proposalId: string; by: ProposalActor; at: number; baseVersion: number }
  | { type: 'ProposalStatusSet'; proposalIds: string[]; status: ProposalStatus; by: ProposalActor; at: number }
  | { type: 'ProposalsMerged'; sourceId: string; targetId: string; at: number }
  | { type: 'ProposalsUnmerged'; sourceId: string; targetId: string; at: number }
  | { type: 'ProposalAnnotated'; proposalId: string; annotation: Annotation };

/**
 * Events of adoption votes (shared/domain/votes.ts). `VoteCast` of a secret vote carries no
 * choice: the choice only increments a counter in the store, in the same transaction.
 */
export type VoteEvent =
  | { type: 'VotesCreated'; votes: Vote[] }
  | { type: 'VoteSettingsSet'; voteId: string; secret: boolean; thresholdBp: number; basis: VoteBasis; quorum: number }
  | { type: 'VoteAnnounced'; sessionId: string; voteId: string }
  | { type: 'VotesOpened'; voteIds: string[]; at: number }
  | { type: 'VoteCast'; voteId: string; memberId: string; choice: VoteChoice | null }
  | { type: 'PaperCountAdded'; voteId: string; count: Tally; at: number }
  | { type: 'PaperCountRemoved'; voteId: string; index: number; at: number }
  | { type: 'VotesDiscarded'; voteIds: string[] }
  | { type: 'VotesClosed'; results: Record<string, VoteResult> };

/**
 * Events of consensus checks and gradings (shared/domain/deliberation.ts). Answers and grades
 * carry who answered, never what: the what is a secret counter (secret-ballots.ts).
 */
export type DeliberationEvent =
  | { type: 'CheckCreated'; check: ConsensusCheck }
  | { type: 'CheckOpened'; checkId: string }
  | { type: 'CheckCurrentSet'; checkId: string; proposalId: string | null }
  | { type: 'CheckAnswered'; checkId: string; proposalId: string; memberId: string }
  | { type: 'OpinionAdded'; checkId: string; proposalId: string; opinion: MinorityOpinion }
  | { type: 'OpinionProjected'; checkId: string; proposalId: string; opinionId: string; projected: boolean }
  | { type: 'CheckRevealed'; checkId: string; revealed: boolean }
  | { type: 'CheckClosed'; checkId: string }
  | { type: 'GradingCreated'; grading: Grading }
  | { type: 'GradingOpened'; gradingId: string }
  | { type: 'GradesCast'; gradingId: string; memberId: string; proposalIds: string[] }
  | { type: 'GradingRevealed'; gradingId: string; revealed: boolean }
  | { type: 'GradingClosed'; gradingId: string };
