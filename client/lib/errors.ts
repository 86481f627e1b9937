import type { AppError } from '../../shared/errors.ts';
import type { MessageKey } from '../i18n/index.ts';
import { t } from './i18n.svelte.ts';

/**
 * An error in the person's words: the catalogue's sentence for its code, and for an invalid
 * field, which field and what is wrong with it ("« Titre » est trop long : 200 caractères au plus").
 */
export function describeError(error: AppError): string {
  if (error.code === 'INVALID_PAYLOAD' && typeof error.details?.path === 'string') {
    const field = error.details.path.split('.').at(-1) ?? '';
    const fieldKey = `field.${field}` as MessageKey;
    const label = t(fieldKey);
    if (label !== fieldKey) {
      const rule = error.details.rule === 'min_length' || error.details.rule === 'max_length' ? error.details.rule : 'other';
      return t(`invalid.${rule}` as MessageKey, { field: label, limit: Number(error.details.limit ?? 0) });
    }
  }
  return t(`error.${error.code}` as MessageKey);
}
