// Sizes shared by the schemas, the server's transport limits and the client's forms.
export const LIMITS = {
  nameMax: 120,
  titleMax: 200,
  codeMax: 16,
  attributeKeyMax: 40,
  attributeValueMax: 80,
  attributesMax: 12,
  leversMax: 30,
  agendaItemsMax: 60,
  tablesMax: 100,
  /** Sessions of one convention (a year of weekends is a dozen; a year of evenings, a few dozen). */
  sessionsMax: 200,
  membersPerImportMax: 2000,
  cidMax: 64,
  proposalTitleMin: 3,
  proposalTitleMax: 200,
  proposalTextMax: 5000,
  referenceMax: 120,
  commentMax: 1000,
  bulkMax: 1000,
  /** Guest requests waiting for the facilitator in one convention: more are refused (TOO_MANY_GUESTS). */
  guestRequestsPendingMax: 20,
  /** Refused guest requests remembered (to undo a refusal, to tell the phone): the oldest go first. */
  guestRefusedKept: 50,
  /** Largest socket.io message the server accepts, in bytes. */
  socketPayloadBytes: 64 * 1024,
  /** Largest HTTP body (CSV imports), in bytes. */
  httpBodyBytes: 5 * 1024 * 1024,
} as const;
