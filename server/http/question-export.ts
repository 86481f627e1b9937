import { questionRoundRecord } from '../../shared/features/questions/record.ts';
import { questionState, roundsOf, voteCount, type QuestionState } from '../../shared/features/questions/rules.ts';
import type { Question, QuestionRound } from '../../shared/features/questions/types.ts';
import type { Convention } from '../../shared/domain/types.ts';

// Questions to speakers in the session's record: every round with its questions, their wording
// (and the original when it was corrected), who asked them as the room saw it (names of signed
// askers; "anonyme" stays anonymous here too), votes, and what became of them. Withdrawn
// questions are left out: their authors took them back.

const STATE_FR: Record<QuestionState | 'merged', string> = { pending: 'en attente', approved: 'validée', answered: 'répondue', hidden: 'masquée', merged: 'regroupée' };
const iso = (at: number | null) => (at === null ? null : new Date(at).toISOString());

/** `names`: the round's askers as its record has them (as at its close, once closed). */
function askers(names: Record<string, string>, q: Question) {
  const signed = q.authors.filter((a) => a.signed);
  return { askedBy: signed.map((a) => names[a.memberId] ?? null), anonymousAskers: q.authors.length - signed.length };
}

function exportRound(conv: Convention, round: QuestionRound) {
  const byId = new Map(round.questions.map((q) => [q.id, q]));
  const names = questionRoundRecord(conv, round).askers;
  const number = (id: string | null) => (id ? (byId.get(id)?.number ?? null) : null);
  const agendaItem = round.agendaItemId ? (conv.sessions[round.sessionId]?.agenda.find((i) => i.id === round.agendaItemId) ?? null) : null;
  return {
    id: round.id,
    sessionId: round.sessionId,
    title: round.title,
    agendaItem: agendaItem && { id: agendaItem.id, title: agendaItem.title },
    premoderation: round.premoderation,
    allowAnonymous: round.allowAnonymous,
    status: round.status,
    openedAt: iso(round.openedAt),
    closedAt: iso(round.closedAt),
    withdrawn: round.questions.filter((q) => q.withdrawnAt !== null).length,
    questions: round.questions
      .filter((q) => q.withdrawnAt === null)
      .map((q) => ({
        number: q.number,
        text: q.text,
        originalText: q.edits[0]?.text ?? null,
        edits: q.edits.map((e) => ({ text: e.text, replacedAt: iso(e.at) })),
        ...askers(names, q),
        // A merged duplicate keeps its voters (for an undo), but they count on the kept question.
        votes: q.mergedInto ? 0 : voteCount(q),
        state: (q.mergedInto ? 'merged' : questionState(q)) as QuestionState | 'merged',
        askedAt: iso(q.askedAt),
        answeredAt: iso(q.answeredAt),
        mergedInto: number(q.mergedInto),
        mergedFrom: q.mergedFrom.map((m) => number(m.questionId)),
      })),
  };
}

/** The rounds of one session, or of every session (the convention's JSON export). */
export function exportQuestions(conv: Convention, sessionId?: string) {
  const sessions = sessionId ? [sessionId] : conv.sessionOrder;
  return sessions.flatMap((id) => roundsOf(conv, id).map((r) => exportRound(conv, r)));
}

/** One row per question of the session (withdrawn ones excepted), for spreadsheets. */
export function questionsCsvRows(conv: Convention, sessionId: string): (string | number | null)[][] {
  const rows: (string | number | null)[][] = [
    ['Séance de questions', 'Point de l’ordre du jour', 'Numéro', 'Question', 'Formulation d’origine', 'Posée par', 'Anonymes', 'Votes', 'État', 'Posée le', 'Répondue le', 'Regroupée dans', 'Regroupe'],
  ];
  for (const round of exportQuestions(conv, sessionId)) {
    for (const q of round.questions) {
      rows.push([
        round.title,
        round.agendaItem?.title ?? null,
        `Q${q.number}`,
        q.text,
        q.originalText,
        q.askedBy.join(', ') || null,
        q.anonymousAskers,
        q.votes,
        STATE_FR[q.state],
        q.askedAt,
        q.answeredAt,
        q.mergedInto === null ? null : `Q${q.mergedInto}`,
        q.mergedFrom.filter((n) => n !== null).map((n) => `Q${n}`).join(', ') || null,
      ]);
    }
  }
  return rows;
}
