import type { AppError } from '../../../shared/errors.ts';
import { describeError } from '../../lib/errors.ts';
import { i18n, t } from '../../lib/i18n.svelte.ts';

/**
 * A refusal of the operator's routes in the operator's words: an unknown template, a field the
 * server refused (which one and why, describeError), no answer at all (NETWORK), or the code's
 * sentence from the errors catalogue.
 */
export function operatorErrorText(error: { code: string; details?: Record<string, unknown> }): string {
  if (error.code === 'NETWORK') return t('operator.error.network');
  if (error.code === 'NOT_FOUND' && error.details?.entity === 'template') return t('operator.error.template');
  if (error.code === 'INVALID_PAYLOAD' && error.details) return describeError({ code: error.code, message: '', details: error.details } as AppError);
  const key = `error.${error.code}`;
  return i18n.has(key) ? t(key) : t('operator.error.unknown', { code: error.code });
}
