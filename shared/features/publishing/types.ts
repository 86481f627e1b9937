// What the facilitator made public (issue 13, item 2): the public page (/r/<code>) and the static
// export show these items and nothing else. Publishing is a choice: nothing is public by default,
// and `Convention.publication` is absent until the first publication. Plain JSON data only.

/**
 * What can be published: a closed result of an activity, a proposal, or a closed session's
 * attendance (`session`: its counts of members and guests present, never who; the open data's
 * attendance file has a row for it only then).
 */
export type PublishKind = 'vote' | 'check' | 'grading' | 'ranking' | 'poll' | 'proposal' | 'session';
export const PUBLISH_KINDS = ['vote', 'check', 'grading', 'ranking', 'poll', 'proposal', 'session'] as const satisfies readonly PublishKind[];

/** One thing published or to publish: its kind and its id (a vote's, a proposal's…). */
export interface PublishRef {
  kind: PublishKind;
  id: string;
}

export interface Publication {
  /**
   * The public page's code, in its address `/r/<code>` (docs/api.md, "Public results"): drawn
   * at the first publication (16 characters of the code alphabet, about 74 bits: nobody finds
   * it by trying), never changed afterwards, so a link handed out keeps working.
   */
  code: string;
  /**
   * What is published, by kind: id -> when it was published (ms). A state written before a kind
   * existed (`session`) has no entry for it: read it through publishedAt (publishable.ts).
   */
  items: Partial<Record<PublishKind, Record<string, number>>>;
}

/** The length of the public page's code. */
export const PUBLIC_CODE_LENGTH = 16;

export const emptyPublished = (): Publication['items'] => ({ vote: {}, check: {}, grading: {}, ranking: {}, poll: {}, proposal: {}, session: {} });
