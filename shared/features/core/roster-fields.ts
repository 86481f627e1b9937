// The fields a roster column may feed (roster-import.ts; docs/privacy.md, "The data, field by
// field"): who the member is, their seat, the criteria of the draw. Apart, so that the command's
// schema (commands.ts) and the import read the same list without importing each other.
export const ROSTER_FIELDS = ['name', 'firstName', 'lastName', 'seatCode', 'ageBracket', 'gender', 'territory', 'occupation', 'education'] as const;
export type Field = (typeof ROSTER_FIELDS)[number];
/** How a column is declared to feed a custom attribute (strata.declare): this prefix and the attribute's name. */
export const ATTRIBUTE_CHOICE = 'attribute:';
/** The facilitator's choice for a column: a field, a declared custom attribute, or "do not import". */
export type ColumnChoice = Field | 'drop' | `${typeof ATTRIBUTE_CHOICE}${string}`;
