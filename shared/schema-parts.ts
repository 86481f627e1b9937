import * as v from 'valibot';
import { LIMITS } from './limits.ts';

// Building blocks of the command schemas, shared by every feature's schemas.

// Ids are what nanoid makes; names of Object.prototype's properties are refused so that no id can
// reach a prototype through a record lookup (shared/domain/lookup.ts also checks own properties).
export const id = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(64),
  v.regex(/^[\w-]+$/),
  v.check((value) => !(value in Object.prototype), 'reserved id'),
);
export const text = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(max));
export const isoDate = v.pipe(
  v.string(),
  v.isoDate(),
  // isoDate() checks the shape only: 2026-02-30 must not pass.
  v.check((value) => {
    const time = Date.parse(`${value}T00:00:00Z`);
    return !Number.isNaN(time) && new Date(time).toISOString().startsWith(value);
  }, 'no such date'),
);
export const attributes = v.pipe(
  v.custom<Record<string, unknown>>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), 'attributes must be an object'),
  v.record(v.pipe(v.string(), v.minLength(1), v.maxLength(LIMITS.attributeKeyMax)), v.pipe(v.string(), v.maxLength(LIMITS.attributeValueMax))),
  v.check((r) => Object.keys(r).length <= LIMITS.attributesMax, 'too many attributes'),
);
export const agendaKind = v.picklist(['talk', 'questions', 'tables', 'poll', 'vote', 'break', 'other']);
export const position = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(LIMITS.leversMax));
export const duration = v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(24 * 60)));

