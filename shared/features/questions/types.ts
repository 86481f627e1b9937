// Questions to speakers (information talks, reverse conference, forum): the state of a Q&A round.
// Plain JSON, part of Convention (`questionRounds`), rebuilt from the log like everything else.

/** Sizes and the sending rate of questions (docs/methods.md, "Questions to speakers"). */
export const QUESTION_LIMITS = {
  textMin: 3,
  textMax: 280,
  /** Questions a member may send in `rateWindowMs`: enough to ask, too few to flood the wall. */
  ratePerMember: 3,
  rateWindowMs: 60_000,
  questionsPerRound: 500,
  roundsPerSession: 50,
} as const;

export interface QuestionAuthor {
  memberId: string;
  /** Signed: the member's name is shown with the question. Anonymous: no screen ever shows who. */
  signed: boolean;
}

/** An earlier wording, kept when the facilitator corrects a typo. */
export interface QuestionWording {
  text: string;
  /** When it was replaced. */
  at: number;
}

export interface Question {
  id: string;
  /** 1, 2, 3… in the order the round received them: "Q12" in the room and in the record. */
  number: number;
  text: string;
  /** Who asked it, the first asker first; a merge adds the merged question's askers. */
  authors: QuestionAuthor[];
  askedAt: number;
  /** Members who upvoted it (one vote each; a merge unites both questions' voters). A merged question keeps its own, for an undo. */
  voters: Record<string, true>;
  /** Visible to the room: at once without pre-moderation, once approved with it. */
  approved: boolean;
  hidden: boolean;
  answeredAt: number | null;
  /** Its last author withdrew it: gone from every screen. */
  withdrawnAt: number | null;
  /**
   * Merged into this question (a duplicate): its votes and askers moved there. It stays as it was
   * at the merge (its voters too), frozen, so that undoing the merge gives it back unchanged.
   */
  mergedInto: string | null;
  /** Questions merged into this one, oldest merge first, each with what its merge added here. */
  mergedFrom: QuestionMerge[];
  /** Earlier wordings, oldest first. */
  edits: QuestionWording[];
}

/**
 * What merging a duplicate into a question added to it, so that the merge can be undone
 * (`question.unmerge`) taking back exactly that (docs/methods.md, "Questions to speakers").
 */
export interface QuestionMerge {
  /** The duplicate merged in. */
  questionId: string;
  at: number;
  /**
   * Members whose vote for the duplicate the merge carried over (they had not voted here). One
   * who votes here after the merge (takes the vote back, gives it again) leaves the list: their
   * vote here is then their own and stays after an undo.
   */
  addedVoters: string[];
  /** Askers of the duplicate who were not askers here. */
  addedAuthors: string[];
  /** Askers of both who signed here and asked the duplicate anonymously: the merge made them anonymous here. */
  unsignedAuthors: string[];
  /** This question was pending and the duplicate approved: the merge made it visible. */
  approvedByMerge: boolean;
  /** The duplicate was on the projector: the merge put this one there instead. */
  tookProjector: boolean;
}

export type QuestionRoundStatus = 'ready' | 'open' | 'closed';

/** "Questions à Gerhard Krinner et Sandra Rome": one round of questions in a session. */
export interface QuestionRound {
  id: string;
  sessionId: string;
  title: string;
  /** The agenda item it belongs to (a talk, a forum), if any. */
  agendaItemId: string | null;
  /** With pre-moderation, a question reaches the room only once the facilitator approves it. */
  premoderation: boolean;
  allowAnonymous: boolean;
  status: QuestionRoundStatus;
  createdAt: number;
  /** Last time it was opened (reopening updates it): the latest opened round is the one phones show. */
  openedAt: number | null;
  closedAt: number | null;
  /** The question on the projector, if the facilitator chose one. */
  projectedId: string | null;
  /** In the order they were asked. */
  questions: Question[];
  /**
   * The signed askers' names as they were when it closed (record.ts): a closed round's screens
   * and exports name them so, whatever the roster says since. Null while it is not closed.
   */
  frozen: QuestionRoundRecord | null;
}

/** memberId -> name, for every asker of the round. Votes need no record: they stop at close. */
export interface QuestionRoundRecord {
  askers: Record<string, string>;
}
