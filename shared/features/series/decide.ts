import { accept, refuse, type DecideContext, type Decision } from '../../domain/context.ts';
import type { DomainEvent } from '../../domain/events.ts';
import type { Deciders } from '../../domain/feature.ts';
import { findSession, isError, liveSession, own } from '../../domain/lookup.ts';
import type { Convention } from '../../domain/types.ts';
import { appError } from '../../errors.ts';
import type { ConsensusCheck } from '../deliberation/types.ts';
import { newPoll, roomFor } from '../polls/decide.ts';
import type { Args, SeriesResults, seriesRoles, seriesSchemas } from './commands.ts';
import { findSeries, waveOf, wavePhase, waveSessionId } from './lookup.ts';
import { SERIES_LIMITS, type Series } from './types.ts';

// Series: the facilitator asks a closed (or prepared) poll or check again in a later session. The
// new wave is a copy made now, asking exactly what the first wave asked, and no wave's question,
// options, proposals, levels or thresholds change afterwards (polls refuse the edit with
// OPTIONS_LOCKED; checks have no edit): waves stay comparable, which is the point of a series.

function notFound() {
  return appError('NOT_FOUND', 'no such series', { entity: 'series' });
}

function seriesOrError(conv: Convention, seriesId: string) {
  return findSeries(conv, seriesId) ?? notFound();
}

export function askAgain(conv: Convention, args: Args<'series.askAgain'>, ctx: DecideContext): Decision<{ seriesId: string; activityId: string }> {
  const session = findSession(conv, args.sessionId);
  if (isError(session)) return refuse(session);
  if (session.status === 'closed') return refuse(appError('SESSION_CLOSED', 'this session is closed'));
  const existing = waveOf(conv, args.kind, args.id);
  // Waves follow the programme: a new one never goes before the latest (the phone's « déjà posée
  // le … » would then name a later day). The same session is allowed: before and after the
  // experts may be one day.
  const latest = existing ? existing.series.waves.at(-1)!.activityId : args.id;
  const latestSession = waveSessionId(conv, args.kind, latest);
  if (latestSession !== null && conv.sessionOrder.indexOf(session.id) < conv.sessionOrder.indexOf(latestSession)) {
    return refuse(appError('WAVE_SESSION_EARLIER', 'a new wave goes in the latest wave’s session or a later one', { sessionId: latestSession }));
  }
  if (existing && existing.series.waves.length >= SERIES_LIMITS.wavesMax) return refuse(appError('LIMIT_REACHED', 'too many waves in this series', { limit: SERIES_LIMITS.wavesMax }));
  const events: DomainEvent[] = [];
  let activityId: string;
  let title: string;
  if (args.kind === 'poll') {
    const source = own(conv.polls, args.id);
    if (!source) return refuse(appError('NOT_FOUND', 'no such poll', { entity: 'poll' }));
    if (source.format.kind === 'words') return refuse(appError('NOT_COMPARABLE', 'a word cloud has no counts to compare between waves'));
    // A poll's first wave must have asked the room (a check may be prepared before it opens, so
    // that its phones keep their answers for transitions).
    if (!existing && source.status === 'draft') return refuse(appError('WAVE_SOURCE_NOT_ASKED', 'this poll has never been launched'));
    const full = roomFor(conv, session.id);
    if (full) return refuse(full);
    const poll = newPoll(conv, ctx, session.id, { agendaItemId: null, question: source.question, format: source.format, live: source.live });
    events.push({ type: 'PollCreated', poll });
    activityId = poll.id;
    title = source.question;
  } else {
    const source = own(conv.checks, args.id);
    if (!source) return refuse(appError('NOT_FOUND', 'no such consensus check', { entity: 'check' }));
    const check: Omit<ConsensusCheck, 'frozen'> = {
      id: ctx.newId(),
      kind: 'consensus',
      sessionId: session.id,
      title: source.title,
      proposalIds: [...source.proposalIds],
      mode: source.mode,
      levels: [...source.levels],
      allowUnsure: source.allowUnsure,
      thresholds: source.thresholds,
      status: 'ready',
      currentProposalId: null,
      revealed: false,
      live: source.live,
      answered: {},
      counts: {},
      opinions: {},
    };
    events.push({ type: 'CheckCreated', check });
    activityId = check.id;
    title = source.title;
  }
  let seriesId: string;
  if (existing) seriesId = existing.series.id;
  else {
    const series: Series = { id: ctx.newId(), kind: args.kind, title, waves: [{ activityId: args.id, label: '' }], transitions: false, createdAt: ctx.now() };
    events.unshift({ type: 'SeriesCreated', series });
    seriesId = series.id;
  }
  events.push({ type: 'SeriesWaveAdded', seriesId, wave: { activityId, label: args.label } });
  return accept(events, { seriesId, activityId });
}

export function rename(conv: Convention, args: Args<'series.rename'>): Decision {
  const series = seriesOrError(conv, args.seriesId);
  if (isError(series)) return refuse(series);
  return series.title === args.title ? accept([]) : accept([{ type: 'SeriesRenamed', seriesId: series.id, title: args.title }]);
}

export function label(conv: Convention, args: Args<'series.label'>): Decision {
  const series = seriesOrError(conv, args.seriesId);
  if (isError(series)) return refuse(series);
  const wave = series.waves.find((w) => w.activityId === args.activityId);
  if (!wave) return refuse(appError('NOT_FOUND', 'no such wave in this series', { entity: 'wave' }));
  return wave.label === args.label ? accept([]) : accept([{ type: 'SeriesWaveLabelled', seriesId: series.id, activityId: wave.activityId, label: args.label }]);
}

/**
 * Transitions are counted for every answer of a wave or for none. A poll's come from its stored
 * answers: they may be switched while no wave after the first has opened. A consensus check's
 * come from answers the phones keep only when transitions are on as they answer: they may be
 * switched on only while no wave at all has opened (transitionsEditable in views.ts). A
 * multiple-choice poll has no "moved from one answer to another" (a member may hold several), so
 * it has no transition table.
 */
export function setTransitions(conv: Convention, args: Args<'series.setTransitions'>): Decision {
  const series = seriesOrError(conv, args.seriesId);
  if (isError(series)) return refuse(series);
  if (series.transitions === args.enabled) return accept([]);
  if (args.enabled && series.kind === 'poll' && conv.polls[series.waves[0]!.activityId]?.format.kind === 'multiple') {
    return refuse(appError('NOT_COMPARABLE', 'a multiple-choice poll has no transition table'));
  }
  const opened = (series.kind === 'check' && args.enabled ? series.waves : series.waves.slice(1)).find((w) => wavePhase(conv, series.kind, w) !== 'draft');
  if (opened && series.kind === 'check' && args.enabled) return refuse(appError('WRONG_PHASE', 'a wave of this check has opened: its phones kept no answers', { phase: wavePhase(conv, series.kind, opened) }));
  if (opened) return refuse(appError('WRONG_PHASE', 'a later wave has opened already', { phase: wavePhase(conv, series.kind, opened) }));
  return accept([{ type: 'SeriesTransitionsSet', seriesId: series.id, enabled: args.enabled }]);
}

/**
 * A wave that never opened leaves its series: a draft poll is deleted with it; a check (checks
 * are never deleted) stays in its session as a ready check, asked in no series.
 */
export function removeWave(conv: Convention, args: Args<'series.removeWave'>): Decision {
  const series = seriesOrError(conv, args.seriesId);
  if (isError(series)) return refuse(series);
  const wave = series.waves.find((w) => w.activityId === args.activityId);
  if (!wave) return refuse(appError('NOT_FOUND', 'no such wave in this series', { entity: 'wave' }));
  const phase = wavePhase(conv, series.kind, wave);
  if (phase !== 'draft' && phase !== null) return refuse(appError('WRONG_PHASE', 'this wave has opened', { phase }));
  const events: DomainEvent[] = [{ type: 'SeriesWaveRemoved', seriesId: series.id, activityId: wave.activityId }];
  if (series.kind === 'poll' && phase === 'draft') events.push({ type: 'PollDeleted', pollId: wave.activityId });
  return accept(events);
}

/** The live session's projector shows the series' shift (shared/views/projector-panel.ts). */
export function show(conv: Convention, args: Args<'series.show'>): Decision {
  const series = seriesOrError(conv, args.seriesId);
  if (isError(series)) return refuse(series);
  const session = liveSession(conv);
  if (!session) return refuse(appError('SESSION_NOT_LIVE', 'no session is live'));
  const events: DomainEvent[] = [];
  if (conv.seriesShown?.[session.id] !== series.id) events.push({ type: 'SeriesShown', sessionId: session.id, seriesId: series.id });
  if (session.screenPanel !== 'shift') events.push({ type: 'ScreenPanelSet', sessionId: session.id, panel: 'shift' });
  return accept(events);
}

export const seriesDeciders: Deciders<typeof seriesSchemas, typeof seriesRoles, SeriesResults> = {
  'series.askAgain': (c, a, e) => askAgain(c, a, e.ctx),
  'series.rename': (c, a) => rename(c, a),
  'series.label': (c, a) => label(c, a),
  'series.setTransitions': (c, a) => setTransitions(c, a),
  'series.removeWave': (c, a) => removeWave(c, a),
  'series.show': (c, a) => show(c, a),
};
