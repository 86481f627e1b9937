import { appError, type AppError } from '../../errors.ts';
import { normalizeHeader } from '../../csv/index.ts';
import type { Field } from './roster-fields.ts';
import type { Convention } from '../../domain/types.ts';

// Personal data the app never needs (docs/privacy.md, "The data, field by field"): identifiers
// recognised by a column's header or by the look of its values, refused by the roster import and
// by a member typed in by hand alike, so that neither door keeps what the other refuses.

export type SensitiveKind = 'email' | 'phone' | 'address' | 'nationalId' | 'birth' | 'identityDocument' | 'bank' | 'special';

/** The roster fields kept as a member's attributes (the criteria of the draw), each with its purpose in docs/privacy.md. */
export const ATTRIBUTE_FIELDS = ['ageBracket', 'gender', 'territory', 'occupation', 'education'] as const satisfies readonly Field[];

/**
 * The attributes a member may hold: the roster's fields, then those the organiser declared
 * (strata.declare, shared/features/strata/decide.ts), in that order.
 */
export function declaredAttributes(conv: Pick<Convention, 'strata'>): string[] {
  return [...ATTRIBUTE_FIELDS, ...(conv.strata?.custom ?? [])];
}

/** Headers of identifiers the app never needs. Matched on the normalised header (normalizeHeader). */
const SENSITIVE_HEADERS: Record<SensitiveKind, readonly string[]> = {
  email: ['email', 'e-mail', 'mail', 'courriel', 'adresse mail', 'adresse e-mail', 'adresse électronique', 'adresse email', 'mél'],
  phone: ['téléphone', 'tél', 'tel', 'portable', 'mobile', 'phone', 'telephone', 'numéro de téléphone', 'phone number', 'gsm'],
  address: ['adresse', 'adresse postale', 'address', 'postal address', 'rue', 'voie', 'code postal', 'postal code', 'zip', 'zip code', 'street'],
  nationalId: ['numéro de sécurité sociale', 'n° de sécurité sociale', 'sécurité sociale', 'nir', 'numéro nir', 'ssn', 'social security number', 'insee', 'numéro insee', 'national insurance number', 'numéro fiscal'],
  birth: ['date de naissance', 'naissance', 'né le', 'née le', 'lieu de naissance', 'birth date', 'date of birth', 'dob', 'birthday', 'place of birth', 'birthplace'],
  identityDocument: ["pièce d'identité", 'numéro de pièce d’identité', "carte d'identité", 'passeport', 'numéro de passeport', 'passport', 'id card', 'identity card'],
  bank: ['iban', 'rib', 'bic', 'coordonnées bancaires', 'bank account', 'bank details'],
  special: ['santé', 'handicap', 'religion', 'confession', 'opinion politique', 'parti', 'syndicat', 'origine', 'origine ethnique', 'ethnie', 'orientation sexuelle', 'health', 'disability', 'ethnicity', 'political opinion', 'sexual orientation', 'trade union'],
};

/** Values that give a column away whatever its header: half its filled cells or more look like these. */
const SENSITIVE_VALUES: [SensitiveKind, RegExp][] = [
  ['email', /^[^\s@]+@[^\s@]+\.[^\s@]+$/],
  // A French social-security number: 13 digits (15 with the key), starting with 1 or 2.
  ['nationalId', /^[12](?:[\s.-]?\d){12}(?:[\s.-]?\d{2})?$/],
  ['phone', /^\+?(?:[\s.()-]?\d){9,14}$/],
  ['birth', /^\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)\d{2}$|^(?:19|20)\d{2}-\d{2}-\d{2}$/],
  ['bank', /^[A-Z]{2}\d{2}(?:\s?[A-Z0-9]){11,30}$/],
];

const sensitiveByHeader = new Map<string, SensitiveKind>(
  (Object.entries(SENSITIVE_HEADERS) as [SensitiveKind, readonly string[]][]).flatMap(([kind, aliases]) => aliases.map((alias) => [normalizeHeader(alias), kind] as const)),
);

/** The kind of identifier a column holds, by its header or, failing that, by its values. */
export function sensitiveKind(header: string, values: readonly string[]): SensitiveKind | undefined {
  const byName = sensitiveByHeader.get(normalizeHeader(header));
  if (byName) return byName;
  const filled = values.map((v) => v.trim()).filter(Boolean);
  if (filled.length === 0) return undefined;
  for (const [kind, pattern] of SENSITIVE_VALUES) if (filled.filter((v) => pattern.test(v)).length * 2 >= filled.length) return kind;
  return undefined;
}

/**
 * Attributes typed in by hand (member.add, member.update): only the declared ones (the roster's
 * fields and the convention's custom attributes, declaredAttributes), and none whose value is an
 * identifier the app never needs. `kept`: attributes the member already has (from a roster
 * imported before columns were declared, or of an attribute undeclared since), which may stay as
 * they are or go.
 */
export function refuseAttributes(conv: Pick<Convention, 'strata'>, attributes: Readonly<Record<string, string>>, kept: Readonly<Record<string, string>> = {}): AppError | null {
  const declared = new Set(declaredAttributes(conv));
  const undeclared = Object.keys(attributes).filter((key) => !declared.has(key) && kept[key] !== attributes[key]);
  if (undeclared.length > 0) return appError('ROSTER_COLUMNS_UNDECLARED', 'attributes outside the declared fields', { headers: undeclared });
  const sensitive = Object.entries(attributes).filter(([key, value]) => kept[key] !== value && sensitiveKind(key, [value]) !== undefined).map(([key]) => key);
  if (sensitive.length > 0) return appError('ROSTER_COLUMN_SENSITIVE', 'an identifier the app never needs', { headers: sensitive });
  return null;
}
