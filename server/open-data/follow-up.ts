import type { FollowUpRow } from '../../shared/features/followup/views.ts';
import { publicFollowUp } from '../../shared/features/publishing/views.ts';
import { dataset } from './columns.ts';
import { proposalReference } from './labels.ts';

// What became of each proposal the convention adopted (issue 13, item 5): the Council's decision,
// the department in charge, the milestones and the dated updates, read from the one public view
// of the follow-up (shared/features/followup/views.ts, followUpRows), which phones and the public
// page read too. Removed milestones and updates are left out there already. Which rows a file
// holds is the public page's rule (publicFollowUp: the proposal is published), so the page,
// resultats.json and these files list the same proposals.

const proposalColumns = [
  { name: 'proposal_number', type: 'integer', fr: 'Numéro de la proposition', en: 'Proposal number' },
  { name: 'proposal_reference', type: 'string', fr: 'Référence de la proposition (P-012)', en: 'Proposal reference (P-012)' },
] as const;
const proposalCells = (row: FollowUpRow) => ({ proposal_number: row.number, proposal_reference: proposalReference(row.number) });

export const followUp = dataset({
  name: 'follow-up',
  title: { fr: 'Suivi des propositions adoptées', en: 'Follow-up of the adopted proposals' },
  about: {
    fr: 'Une ligne par proposition adoptée par la convention (statut « adoptée », par un vote clos ou à la main : docs/methods.md), dans l’ordre des numéros.',
    en: 'One row per proposal the convention adopted (status adopted, by a closed vote or by hand: docs/methods.md), in the order of their numbers.',
  },
  columns: [
    ...proposalColumns,
    { name: 'title', type: 'string', fr: 'Titre de la proposition telle que votée', en: 'Proposal title as voted on' },
    { name: 'lever', type: 'string', fr: 'Levier de la proposition', en: 'The proposal\'s lever' },
    { name: 'adopted_on', type: 'date', fr: 'Jour de son adoption par la convention (UTC)', en: 'Day the convention adopted it (UTC)' },
    { name: 'council_decision', type: 'string', fr: 'Décision du conseil : adopted (adoptée), amended (amendée), refused (refusée) ou deferred (reportée) ; vide en attendant', en: 'The Council\'s decision: adopted, amended, refused or deferred; empty while it waits' },
    { name: 'council_date', type: 'date', fr: 'Jour du vote du conseil', en: 'Day of the Council\'s vote' },
    { name: 'council_link', type: 'string', fr: 'Adresse de la délibération publiée', en: 'Address of the published deliberation' },
    { name: 'council_note', type: 'string', fr: 'Précision sur la décision (ce que l’amendement a changé…)', en: 'A word on the decision (what the amendment changed…)' },
    { name: 'department', type: 'string', fr: 'Service chargé de la mise en œuvre', en: 'Department in charge of carrying it out' },
    { name: 'milestones_done', type: 'integer', fr: 'Étapes réalisées', en: 'Milestones done' },
    { name: 'milestones_total', type: 'integer', fr: 'Étapes prévues (abandonnées exceptées)', en: 'Milestones planned (abandoned ones left out)' },
    { name: 'last_update_on', type: 'date', fr: 'Jour de la dernière nouvelle', en: 'Day of the latest update' },
  ],
  rows(conv, include) {
    return publicFollowUp(conv, include).map((row) => ({
      ...proposalCells(row),
      title: row.title,
      lever: row.lever,
      adopted_on: row.adoptedOn,
      council_decision: row.decision?.outcome ?? null,
      council_date: row.decision?.date ?? null,
      council_link: row.decision?.link ?? null,
      council_note: row.decision?.note || null,
      department: row.department || null,
      milestones_done: row.progress.done,
      milestones_total: row.progress.total,
      last_update_on: row.updates[0]?.date ?? null,
    }));
  },
});

export const followUpMilestones = dataset({
  name: 'follow-up-milestones',
  title: { fr: 'Suivi : étapes', en: 'Follow-up: milestones' },
  about: {
    fr: 'Une ligne par étape de la mise en œuvre d’une proposition adoptée, par échéance.',
    en: 'One row per milestone in carrying out an adopted proposal, by due date.',
  },
  columns: [
    ...proposalColumns,
    { name: 'milestone', type: 'string', fr: 'L’étape', en: 'The milestone' },
    { name: 'due', type: 'date', fr: 'Échéance (vide sans échéance)', en: 'Due date (empty without one)' },
    { name: 'status', type: 'string', fr: 'planned (prévue), in_progress (en cours), done (réalisée) ou abandoned (abandonnée)', en: 'planned, in_progress, done or abandoned' },
  ],
  rows(conv, include) {
    return publicFollowUp(conv, include).flatMap((row) => row.milestones.map((m) => ({ ...proposalCells(row), milestone: m.title, due: m.due, status: m.status })));
  },
});

export const followUpUpdates = dataset({
  name: 'follow-up-updates',
  title: { fr: 'Suivi : nouvelles', en: 'Follow-up: updates' },
  about: {
    fr: 'Une ligne par nouvelle datée de la mise en œuvre d’une proposition adoptée, la plus récente d’abord.',
    en: 'One row per dated update on carrying out an adopted proposal, newest first.',
  },
  columns: [
    ...proposalColumns,
    { name: 'date', type: 'date', fr: 'Jour dont la nouvelle parle', en: 'Day the update reports on' },
    { name: 'text', type: 'string', fr: 'La nouvelle', en: 'The update' },
  ],
  rows(conv, include) {
    return publicFollowUp(conv, include).flatMap((row) => row.updates.map((u) => ({ ...proposalCells(row), date: u.date, text: u.text })));
  },
});
