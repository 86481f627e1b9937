import type { Annotation, ProposalChannel, ProposalStatus } from '../features/proposals/types.ts';
import type { ConsensusMarker, Leaning } from '../math/consensus.ts';
import type { GaugeSign } from '../math/majority-judgment.ts';
import type { VoteBasis, Tally } from '../features/votes/types.ts';
import type { ReactionCounts } from '../features/visions/views.ts';
import type { rankingExport } from '../features/ranking/results.ts';
import type { PublicStrata } from '../features/strata/representation.ts';
import type { StrataReading } from '../features/strata/readings.ts';
import type { SeriesView } from '../features/series/views.ts';

// The Council's dossier as data (GET /api/report/dossier, server/reports/dossier.ts): what the
// printed report (client/views/dossier/) shows, computed on the server from the same frozen
// results the screens and the export read. Only closed activities count: a dossier is a record.
// Nothing in it links a secret choice to a member, and no count of a subgroup under k appears
// (roster attributes go through shared/domain/small-groups.ts); minority opinions have no author.

/** The parts of the report the facilitator may choose (kept in the page's address). */
export const DOSSIER_PARTS = ['cover', 'process', 'strata', 'proposals', 'byStratum', 'shifts', 'rankings', 'visions', 'questions', 'speed'] as const;
export type DossierPart = (typeof DOSSIER_PARTS)[number];

export interface DossierSession {
  id: string;
  title: string;
  startDate: string;
  endDate: string;
  status: 'planned' | 'live' | 'closed';
  /** Members marked present (guests included). */
  present: number;
  guests: number;
  /** Present minus the previous held session's present; null for the first one held. */
  change: number | null;
}

/** One attribute of the draw (age bracket, territory…), counted over the roster. */
export interface DossierAttribute {
  key: string;
  /** Values with at least k members, most frequent first. */
  values: { value: string; count: number }[];
  /**
   * Members with the other values (and those with none), counted together, at least k; null when
   * there are none. `values`: how many distinct values it holds.
   */
  others: { values: number; count: number } | null;
  /** Values too rare to be counted even together (fewer than k members in all): named nowhere. */
  hiddenValues: number;
}

export interface DossierRoster {
  /** Members of the roster (guests and erased members apart). */
  drawn: number;
  active: number;
  /** Members who left (deactivated). */
  left: number;
  /** Members added as someone's replacement. */
  replacements: number;
  guests: number;
  attributes: DossierAttribute[];
}

export interface DossierMethods {
  /** Each rule adoption votes were taken under, with how many votes used it. */
  voteRules: { thresholdBp: number; basis: VoteBasis; secret: boolean; quorum: number; votes: number }[];
  paperCounted: boolean;
  /** Each gradient of agreement used, with its marker thresholds in percent (the defaults filled in). */
  consensus: { levels: string[]; thresholds: { consensusAgree: number; strongAgree: number; dissentEachSide: number }; checks: number }[];
  /** Each grade scale used, best first. */
  gradeScales: string[][];
  smallGroupMin: number;
}

export interface DossierConsensus {
  check: string;
  levels: string[];
  /** Answers per level, full agreement first. */
  counts: number[];
  unsure: number;
  answers: number;
  agree: number;
  disagree: number;
  marker: ConsensusMarker;
  leaning: Leaning;
}

export interface DossierGrade {
  grading: string;
  grades: string[];
  median: string | null;
  sign: GaugeSign | null;
  /** The share beside the sign (p above the median for '+', q below it for '−'). */
  share: number;
  rank: number;
  of: number;
  total: number;
  profile: number[];
}

export interface DossierVote {
  round: number;
  secret: boolean;
  thresholdBp: number;
  basis: VoteBasis;
  quorum: number;
  quorumMet: boolean;
  /** Electronic and paper together, as the projector showed it. */
  tally: Tally;
  electronic: Tally;
  paper: Tally;
  cast: number;
  present: number;
  members: number;
  /** Ballots cast over the members present (at least the ballots: paper voters were there). */
  turnout: number;
  share: number;
  /** Percentages of the ballots cast, one decimal. */
  split: Tally;
  adopted: boolean;
  closedAt: string;
}

export interface DossierProposal {
  id: string;
  number: number;
  reference: string;
  title: string;
  text: string;
  lever: string | null;
  status: ProposalStatus;
  origins: { channel: ProposalChannel; reference: string; receivedAt: string }[];
  authors: string[];
  table: string | null;
  versions: number;
  mergedFrom: string[];
  mergedInto: string | null;
  annotation: Omit<Annotation, 'at'> | null;
  consensus: DossierConsensus[];
  grades: DossierGrade[];
  votes: DossierVote[];
  opinions: string[];
}

export interface DossierTotals {
  proposals: number;
  byChannel: Record<ProposalChannel, number>;
  voted: number;
  adopted: number;
  rejected: number;
  withdrawn: number;
  merged: number;
  drafts: number;
  votes: number;
  ballots: number;
  paperBallots: number;
  consensusReadings: number;
  grades: number;
  opinions: number;
}

export interface DossierVision {
  title: string;
  prompt: string;
  session: string;
  tables: { name: string; text: string; versions: number; reactions: ReactionCounts }[];
}

export interface DossierQuestion {
  session: string;
  round: string;
  number: number;
  text: string;
  votes: number;
}

export interface DossierSpeed {
  session: string;
  rounds: number;
  roundMinutes: number;
  /** Members in its plan. */
  members: number;
  actors: { table: string; organisation: string; name: string; theme: string; away: boolean }[];
}

export type DossierRanking = ReturnType<typeof rankingExport>;

/**
 * Representativeness (shared/features/strata/representation.ts): who was present by stratum in
 * each closed session, against the roster and the targets, as frozen when it closed. Public-grade:
 * no stratum counted under k (publicStrata).
 */
export interface DossierStrata {
  /** The attributes reported (strata.choose), in order; [] when none was chosen. */
  attributes: string[];
  sessions: DossierStrataSession[];
}

export interface DossierStrataSession {
  title: string;
  /** Frozen at its close; false for a session closed before strata existed (counted on the roster as it is). */
  frozen: boolean;
  rosterTotal: number;
  presentTotal: number;
  guestsPresent: number;
  attributes: { attribute: string; counted: boolean; strata: PublicStrata }[];
}

/** One closed result read by stratum (docs/methods.md, "Reading a result by stratum"): k-safe counts only. */
export interface DossierByStratum {
  /** The session's title. */
  session: string;
  reading: StrataReading;
}

export interface Dossier {
  format: 'convergence-dossier';
  version: 1;
  generatedAt: string;
  convention: { name: string; place: string; startDate: string | null; endDate: string | null; archived: boolean };
  levers: { id: string; title: string }[];
  /** Nothing to report yet: no proposal and no closed result of any kind. */
  empty: boolean;
  sessions: DossierSession[];
  roster: DossierRoster;
  methods: DossierMethods;
  totals: DossierTotals;
  /** Every proposal but drafts, by number. */
  proposals: DossierProposal[];
  rankings: DossierRanking[];
  visions: DossierVision[];
  questions: DossierQuestion[];
  speed: DossierSpeed[];
  strata: DossierStrata;
  /** Every closed vote, check and grading proposal, and poll read by stratum, session by session. */
  byStratum: DossierByStratum[];
  /**
   * « Évolution des avis »: every question asked as waves with a closed one, its closed waves
   * side by side, the shifts and the transition tables (counts under k hidden).
   */
  shifts: SeriesView[];
}
