import type { Annotation, ProposalChannel, ProposalStatus } from '../../../shared/features/proposals/types.ts';
import type { MessageKey } from '../../i18n/index.ts';
import { i18n, t } from '../../lib/i18n.svelte.ts';

// What the support screen and the console's proposal panels share: how a proposal is named in the
// room (P-012), the support group's scales (docs/methods.md) and their labels, dates.

/** "P-012": the reference people use in the room and in the report. */
export const proposalRef = (number: number): string => `P-${String(number).padStart(3, '0')}`;

export type ScoreAxis = 'ecological' | 'financial' | 'economic';
export const SCORE_AXES: readonly ScoreAxis[] = ['ecological', 'financial', 'economic'];
export type Competence = Annotation['competence']['value'];
export const COMPETENCES: readonly Competence[] = ['competente', 'partagee', 'hors_competence'];

/** Every score of each scale, in reading order. */
export const SCALES: Record<ScoreAxis, readonly number[]> = {
  ecological: [0, 1, 2, 3, 4],
  financial: [0, 1, 2, 3, 4],
  economic: [-2, -1, 0, 1, 2],
};

const AXIS_LABELS: Record<ScoreAxis | 'competence', MessageKey> = {
  ecological: 'support.axis.ecological',
  financial: 'support.axis.financial',
  economic: 'support.axis.economic',
  competence: 'support.axis.competence',
};

const AXIS_HINTS: Record<ScoreAxis | 'competence', MessageKey> = {
  ecological: 'support.axis.ecological.hint',
  financial: 'support.axis.financial.hint',
  economic: 'support.axis.economic.hint',
  competence: 'support.axis.competence.hint',
};

const SCORE_LABELS: Record<ScoreAxis, Record<number, MessageKey>> = {
  ecological: {
    0: 'support.scale.ecological.0',
    1: 'support.scale.ecological.1',
    2: 'support.scale.ecological.2',
    3: 'support.scale.ecological.3',
    4: 'support.scale.ecological.4',
  },
  financial: {
    0: 'support.scale.financial.0',
    1: 'support.scale.financial.1',
    2: 'support.scale.financial.2',
    3: 'support.scale.financial.3',
    4: 'support.scale.financial.4',
  },
  economic: {
    [-2]: 'support.scale.economic.-2',
    [-1]: 'support.scale.economic.-1',
    0: 'support.scale.economic.0',
    1: 'support.scale.economic.1',
    2: 'support.scale.economic.2',
  },
};

const COMPETENCE_LABELS: Record<Competence, MessageKey> = {
  competente: 'support.competence.competente',
  partagee: 'support.competence.partagee',
  hors_competence: 'support.competence.hors_competence',
};

const STATUS_LABELS: Record<ProposalStatus, MessageKey> = {
  draft: 'support.status.draft',
  submitted: 'support.status.submitted',
  under_study: 'support.status.under_study',
  ready_for_vote: 'support.status.ready_for_vote',
  withdrawn: 'support.status.withdrawn',
  merged: 'support.status.merged',
  adopted: 'support.status.adopted',
  rejected: 'support.status.rejected',
};

const CHANNEL_LABELS: Record<ProposalChannel, MessageKey> = {
  phone: 'support.channel.phone',
  mail: 'support.channel.mail',
  paper: 'support.channel.paper',
  platform: 'support.channel.platform',
  import: 'support.channel.import',
};

export const axisLabel = (axis: ScoreAxis | 'competence'): string => t(AXIS_LABELS[axis]);
export const axisHint = (axis: ScoreAxis | 'competence'): string => t(AXIS_HINTS[axis]);
/** "+1", "0", "-2": the economic scale is signed. */
export const signedScore = (score: number): string => (score > 0 ? `+${score}` : String(score));
export const scoreText = (axis: ScoreAxis, score: number): string => {
  const key = SCORE_LABELS[axis][score];
  return key ? t(key) : String(score);
};
/** "3 — fort" / "+1 — positif": the number and its words, never the colour alone. */
export const scoreLine = (axis: ScoreAxis, score: number): string =>
  `${axis === 'economic' ? signedScore(score) : score} — ${scoreText(axis, score)}`;
export const competenceLabel = (value: Competence): string => t(COMPETENCE_LABELS[value]);
export const proposalStatusLabel = (status: ProposalStatus): string => t(STATUS_LABELS[status]);
export const channelLabel = (channel: ProposalChannel): string => t(CHANNEL_LABELS[channel]);

/** Statuses in which a proposal is still open: not withdrawn, not merged into another one. */
export const isOpen = (status: ProposalStatus): boolean => status !== 'withdrawn' && status !== 'merged';

const localeTag = () => (i18n.locale === 'fr' ? 'fr-FR' : 'en-GB');

/** "14 juin 2022". */
export function dayText(at: number): string {
  return new Intl.DateTimeFormat(localeTag(), { day: 'numeric', month: 'long', year: 'numeric' }).format(at);
}

export { dateTimeText } from '../../lib/dates.ts';

/** Lower case, no accents, single spaces: "Vélo  Échirolles" is found by "velo echi". */
export function foldText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * Whether a folded query names a proposal's number: "12", "p12", "p-012", "P 12".
 * Returns the number asked for, or null when the query is not a number.
 */
export function numberQuery(query: string): number | null {
  const match = /^p?\s*-?\s*0*(\d{1,5})$/.exec(query);
  return match ? Number(match[1]) : null;
}
