import type { TimerSpeech } from '../../shared/features/timer/views.ts';
import { t } from './i18n.svelte.ts';

// What a countdown is for, in the room's words: "Intervention 2 sur 4 — contre" for a speech,
// otherwise its label ("Travail en tables").

export function timerTitle(room: { timer: { label: string }; speech: TimerSpeech | null }): string {
  const { speech } = room;
  if (!speech) return room.timer.label;
  const line = t('timer.speech.line', { number: speech.number, count: speech.count });
  return speech.label ? `${line} — ${speech.label}` : line;
}
