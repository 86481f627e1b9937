import { normalizeHeader } from '../../csv/index.ts';
import { accept, refuse } from '../../domain/context.ts';
import type { Deciders } from '../../domain/feature.ts';
import type { Convention } from '../../domain/types.ts';
import { appError } from '../../errors.ts';
import { fieldOfHeader } from '../core/roster-import.ts';
import { declaredAttributes, sensitiveKind } from '../core/sensitive-data.ts';
import { CUSTOM_ATTRIBUTES_MAX, WHOLE_BP, type StrataResults, type strataRoles, type strataSchemas } from './commands.ts';
import { reportedAttributes } from './member-strata.ts';

// The rules of the strata settings: only declared attributes are reported or given targets, a
// custom attribute's name is neither an identifier the app never needs nor another attribute's,
// targets never add up to more than the room. A refusal is typed and changes nothing; asking for
// what is already so changes nothing either (an empty decision, no broadcast).

const customOf = (conv: Convention): string[] => conv.strata?.custom ?? [];

/** The attributes of `names` that are not declared (neither a roster field nor a custom attribute). */
function undeclared(conv: Convention, names: readonly string[]): string[] {
  const declared = new Set(declaredAttributes(conv));
  return names.filter((name) => !declared.has(name));
}

export const strataDeciders: Deciders<typeof strataSchemas, typeof strataRoles, StrataResults> = {
  'strata.choose'(conv, { attributes }) {
    const unknown = undeclared(conv, attributes);
    if (unknown.length > 0) return refuse(appError('STRATUM_UNKNOWN', 'report only declared attributes', { attributes: unknown }));
    const reported = reportedAttributes(conv);
    if (reported.length === attributes.length && reported.every((a, i) => a === attributes[i])) return accept([], { reported });
    // Allowed at any time: an activity already open keeps the attributes reported when it opened.
    return accept([{ type: 'StrataChosen', attributes }], { reported: attributes });
  },

  'strata.declare'(conv, { name }) {
    const custom = customOf(conv);
    if (custom.includes(name)) return accept([], { name, custom });
    if (sensitiveKind(name, []) !== undefined) return refuse(appError('STRATUM_SENSITIVE', 'an attribute the app never needs (docs/privacy.md)', { name, kind: sensitiveKind(name, []) }));
    // A name the roster import already reads as a field ("genre", "commune"…) would never be fed by
    // a column; one equal to another custom attribute but for case or accents would split a column in two.
    const key = normalizeHeader(name);
    const field = (declaredAttributes(conv) as string[]).find((a) => normalizeHeader(a) === key) ?? fieldOfHeader(name);
    if (field !== undefined) return refuse(appError('STRATUM_NAME_TAKEN', 'another attribute has this name', { name, taken: field }));
    if (custom.length >= CUSTOM_ATTRIBUTES_MAX) return refuse(appError('LIMIT_REACHED', 'too many declared attributes', { limit: CUSTOM_ATTRIBUTES_MAX }));
    return accept([{ type: 'StratumDeclared', name }], { name, custom: [...custom, name] });
  },

  'strata.undeclare'(conv, { name }) {
    const custom = customOf(conv);
    if (!custom.includes(name)) return refuse(appError('STRATUM_UNKNOWN', 'no such declared attribute', { attributes: [name] }));
    // Refused rather than taken out of the reported ones silently: what results are read by would
    // change without the facilitator seeing it. They uncheck it first (strata.choose), on purpose.
    if (reportedAttributes(conv).includes(name)) return refuse(appError('STRATUM_REPORTED', 'stop reporting the attribute first', { name }));
    // Members keep their values (as attributes imported before columns were declared: kept, and
    // shown, until edited); declaring it again brings it back as it was. Its targets go with it.
    return accept([{ type: 'StratumUndeclared', name }], { custom: custom.filter((c) => c !== name) });
  },

  'strata.setTargets'(conv, { attribute, targets }) {
    const unknown = undeclared(conv, [attribute]);
    if (unknown.length > 0) return refuse(appError('STRATUM_UNKNOWN', 'targets only for a declared attribute', { attributes: unknown }));
    const totalBp = Object.values(targets).reduce((sum, bp) => sum + bp, 0);
    if (totalBp > WHOLE_BP) return refuse(appError('STRATA_TARGETS_OVER', 'the targets add up to more than the whole room', { totalBp }));
    const before = conv.strata?.targets[attribute] ?? {};
    const same = Object.keys(before).length === Object.keys(targets).length && Object.entries(targets).every(([value, bp]) => before[value] === bp);
    if (same) return accept([], { attribute, totalBp });
    return accept([{ type: 'StrataTargetsSet', attribute, targets }], { attribute, totalBp });
  },
};
