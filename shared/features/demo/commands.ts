import * as v from 'valibot';
import type { ArgsOf, RoleMap } from '../../domain/feature.ts';
import { TEMPLATE_IDS } from './templates.ts';

// The demo convention's set-up, sent by the server itself (role 'system') on an empty data
// folder, one part after the other, so that each part sees the state the previous one made; and
// a template laid out on a new convention by the operator (templates.ts).

export const DEMO_PARTS = ['members', 'session', 'polls', 'questions', 'speed', 'vision', 'speaking', 'open'] as const;

export const demoSchemas = {
  'demo.seed': v.strictObject({
    part: v.picklist(DEMO_PARTS),
    /** How many fictional members (part 'members'); the quorum of the sessions is half of it. */
    memberCount: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(20_000)),
    /** Which session of the programme (part 'session'): one at a time, each sees the codes already drawn. */
    index: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(20)), 0),
  }),
  /** A template's levers and sessions on a convention that has none yet (the operator's "from a template"). */
  'template.apply': v.strictObject({ template: v.picklist(TEMPLATE_IDS) }),
} as const;

export const demoRoles = { 'demo.seed': ['system'], 'template.apply': ['system', 'operator'] } as const satisfies RoleMap<typeof demoSchemas>;

/** What each command's ack carries (commands not listed carry nothing). */
export interface DemoResults {}

export type Args<N extends keyof typeof demoSchemas> = ArgsOf<typeof demoSchemas, N>;
