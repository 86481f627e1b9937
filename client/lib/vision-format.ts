import { VISION_REACTIONS, type VisionReaction } from '../../shared/features/visions/types.ts';
import type { MessageKey } from '../i18n/index.ts';
import { i18n, t } from './i18n.svelte.ts';

// Reactions to a table's vision, as phones and the projector write them: a symbol and a word.

export const REACTIONS = VISION_REACTIONS;

const SYMBOLS: Record<VisionReaction, string> = { adhere: '✓', inspiring: '★', discuss: '?' };
const LABELS: Record<VisionReaction, MessageKey> = { adhere: 'vision.reaction.adhere', inspiring: 'vision.reaction.inspiring', discuss: 'vision.reaction.discuss' };

export const reactionSymbol = (reaction: VisionReaction) => SYMBOLS[reaction];
export const reactionLabel = (reaction: VisionReaction) => t(LABELS[reaction]);

/** "10:42", in the reader's language (a version's time, the server's clock shown locally). */
export function timeText(at: number): string {
  return new Date(at).toLocaleTimeString(i18n.locale === 'fr' ? 'fr-FR' : 'en-GB', { hour: '2-digit', minute: '2-digit' });
}
