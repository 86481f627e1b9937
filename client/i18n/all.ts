import type { MessageKey, Part } from './index.ts';

export type { MessageKey } from './index.ts';
import { messages as enAdmin } from './en/admin.ts';
import { messages as enAreas } from './en/areas.ts';
import { messages as enByStratum } from './en/by-stratum.ts';
import { messages as enCommon } from './en/common.ts';
import { messages as enConsole } from './en/console.ts';
import { messages as enDossier } from './en/dossier.ts';
import { messages as enErrors } from './en/errors.ts';
import { messages as enFeatures } from './en/features.ts';
import { messages as enGuest } from './en/guest.ts';
import { messages as enMember } from './en/member.ts';
import { messages as enOperator } from './en/operator.ts';
import { messages as enProposals } from './en/proposals.ts';
import { messages as enPublic } from './en/public.ts';
import { messages as enScreen } from './en/screen.ts';
import { messages as enShift } from './en/shift.ts';
import { messages as enSpeaker } from './en/speaker.ts';
import { messages as enSupport } from './en/support.ts';
import { messages as enVotes } from './en/votes.ts';
import { messages as frAdmin } from './fr/admin.ts';
import { messages as frAreas } from './fr/areas.ts';
import { messages as frByStratum } from './fr/by-stratum.ts';
import { messages as frCommon } from './fr/common.ts';
import { messages as frConsole } from './fr/console.ts';
import { messages as frDossier } from './fr/dossier.ts';
import { messages as frErrors } from './fr/errors.ts';
import { messages as frFeatures } from './fr/features.ts';
import { messages as frGuest } from './fr/guest.ts';
import { messages as frMember } from './fr/member.ts';
import { messages as frOperator } from './fr/operator.ts';
import { messages as frProposals } from './fr/proposals.ts';
import { messages as frPublic } from './fr/public.ts';
import { messages as frScreen } from './fr/screen.ts';
import { messages as frShift } from './fr/shift.ts';
import { messages as frSpeaker } from './fr/speaker.ts';
import { messages as frSupport } from './fr/support.ts';
import { messages as frVotes } from './fr/votes.ts';

// Every catalogue at once, for the tests (test/unit/i18n*.test.ts, test/e2e): the app itself
// never imports this file, it loads a screen's parts with loadCatalogue() (index.ts).

export const PARTS = {
  fr: { common: frCommon, errors: frErrors, member: frMember, guest: frGuest, areas: frAreas, votes: frVotes, proposals: frProposals, screen: frScreen, speaker: frSpeaker, support: frSupport, console: frConsole, features: frFeatures, operator: frOperator, admin: frAdmin, public: frPublic, dossier: frDossier, byStratum: frByStratum, shift: frShift },
  en: { common: enCommon, errors: enErrors, member: enMember, guest: enGuest, areas: enAreas, votes: enVotes, proposals: enProposals, screen: enScreen, speaker: enSpeaker, support: enSupport, console: enConsole, features: enFeatures, operator: enOperator, admin: enAdmin, public: enPublic, dossier: enDossier, byStratum: enByStratum, shift: enShift },
} satisfies Record<'fr' | 'en', Record<Part, Partial<Record<MessageKey, string>>>>;

export const fr: Record<MessageKey, string> = Object.assign({}, ...Object.values(PARTS.fr));
export const en: Record<MessageKey, string> = Object.assign({}, ...Object.values(PARTS.en));
