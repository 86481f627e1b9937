import { recordSeries } from '../../shared/features/series/views.ts';
import { dataset } from './columns.ts';
import { decimal, proposalReference } from './labels.ts';

// Questions asked as waves (docs/methods.md, "Opinion change"): one row per closed wave and per
// answer (a poll's option or scale value, a consensus check's proposal), with its share and how
// far it moved since the first wave in the file. Aggregates only; a public file holds the waves
// whose poll or check is published. The transition tables stay in export.json (hidden cells and
// all), where their shape is kept.

export const opinionChange = dataset({
  name: 'opinion-change',
  title: { fr: 'Évolution des avis', en: 'Opinion change' },
  about: {
    fr: 'Une ligne par vague close et par réponse (une option ou une valeur d’échelle d’un sondage, une proposition d’une mesure du consensus) de chaque question posée en plusieurs vagues, dans l’ordre des séries puis des vagues.',
    en: 'One row per closed wave and per answer (an option or a scale value of a poll, a proposal of a consensus check) of each question asked in several waves, in the order of the series, then of the waves.',
  },
  columns: [
    { name: 'series_id', type: 'string', fr: 'Identifiant de la série', en: 'Series identifier' },
    { name: 'series', type: 'string', fr: 'Nom de la série', en: 'Name of the series' },
    { name: 'question', type: 'string', fr: 'La question que chaque vague pose', en: 'The question every wave asks' },
    { name: 'kind', type: 'string', fr: 'single, multiple ou scale (sondage), check (mesure du consensus)', en: 'single, multiple or scale (poll), check (consensus check)' },
    { name: 'wave', type: 'integer', fr: 'Rang de la vague dans la série (1 : la première)', en: 'Place of the wave in the series (1: the first)' },
    { name: 'wave_name', type: 'string', fr: 'Nom de la vague, ou titre de sa séance', en: 'Name of the wave, or its session’s title' },
    { name: 'session_date', type: 'date', fr: 'Premier jour de la séance de la vague', en: 'First day of the wave’s session' },
    { name: 'answer', type: 'string', fr: 'L’option, la valeur de l’échelle, ou la proposition (P-012 Titre)', en: 'The option, the value on the scale, or the proposal (P-012 Title)' },
    { name: 'count', type: 'integer', fr: 'Sondage : membres qui l’ont choisie ; mesure du consensus : réponses sur le gradient', en: 'Poll: members who chose it; consensus check: answers on the gradient' },
    { name: 'share', type: 'decimal', fr: 'Sondage : part des répondants ; mesure du consensus : part des réponses du côté de l’accord', en: 'Poll: share of respondents; consensus check: share of answers on the agreeing side' },
    { name: 'points_since_first', type: 'decimal', fr: 'Écart de share depuis la première vague du fichier, en points de pourcentage (vide pour elle)', en: 'Move of share since the first wave in the file, in percentage points (empty for it)' },
    { name: 'mean_level', type: 'decimal', fr: 'Mesure du consensus : niveau moyen (0 = tout à fait d’accord) ; vide sinon', en: 'Consensus check: mean level (0 = fully agree); empty otherwise' },
    { name: 'respondents', type: 'integer', fr: 'Membres qui ont répondu à la vague', en: 'Members who answered the wave' },
    { name: 'present', type: 'integer', fr: 'Membres présents dans sa séance à la clôture', en: 'Members present in its session at the close' },
  ],
  rows(conv, include) {
    return recordSeries(conv, (kind, id) => include(kind === 'poll' ? 'poll' : 'check', id)).flatMap((series) => {
      const closed = series.waves.map((w, i) => ({ w, i })).filter(({ w }) => w.figures !== null);
      const first = closed[0]?.w.figures ?? null;
      return closed.flatMap(({ w, i }) => {
        const f = w.figures!;
        const base = { series_id: series.id, series: series.title, question: series.question, kind: series.format, wave: i + 1, wave_name: w.label || w.sessionTitle, session_date: w.sessionDate || null, respondents: f.respondents, present: f.present };
        const since = (share: number, before: number | undefined) => (w.figures === first || before === undefined ? null : decimal((share - before) * 100));
        if (series.kind === 'check') {
          return f.proposals.map((p) => {
            const ref = series.proposals.find((x) => x.id === p.proposalId);
            const before = first?.proposals.find((x) => x.proposalId === p.proposalId);
            return { ...base, answer: ref ? `${proposalReference(ref.number)} ${ref.title}` : p.proposalId, count: p.answers, share: decimal(p.agree), points_since_first: since(p.agree, before?.answers ? before.agree : undefined), mean_level: decimal(p.mean) };
          });
        }
        return f.options.map((o) => ({ ...base, answer: o.label, count: o.count, share: decimal(o.share), points_since_first: since(o.share, first?.options.find((x) => x.key === o.key)?.share), mean_level: null }));
      });
    });
  },
});
