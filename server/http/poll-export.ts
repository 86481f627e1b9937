import type { Convention } from '../../shared/domain/types.ts';
import { pollResults } from '../../shared/features/polls/views.ts';

/**
 * Launched quick polls for the convention's record: the question, when it ran, how many members
 * answered and the aggregates (counts, a scale's distribution, the word cloud without the words
 * the facilitator hid). Never an individual answer: the record holds what the room was shown.
 */
export function exportPolls(conv: Convention) {
  return Object.values(conv.polls)
    .filter((p) => p.status !== 'draft')
    .sort((a, b) => conv.sessionOrder.indexOf(a.sessionId) - conv.sessionOrder.indexOf(b.sessionId) || a.number - b.number)
    .map((p) => ({
      id: p.id,
      sessionId: p.sessionId,
      agendaItemId: p.agendaItemId,
      number: p.number,
      question: p.question,
      format: p.format,
      status: p.status,
      revealed: p.revealed,
      launchedAt: p.launchedAt === null ? null : new Date(p.launchedAt).toISOString(),
      closedAt: p.closedAt === null ? null : new Date(p.closedAt).toISOString(),
      respondents: Object.keys(p.answers).length,
      results: pollResults(p),
    }));
}
