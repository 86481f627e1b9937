// Where the member is on the phone, kept in the address's hash (#/propositions/…): a reload comes
// back to the same page, and the phone's Back button goes back one page instead of leaving the app.

export type MemberRoute =
  | { page: 'home' }
  | { page: 'proposals' }
  | { page: 'new' }
  | { page: 'proposal'; id: string }
  | { page: 'edit'; id: string }
  /** What became of the adopted proposals after the Council (#/suivi). */
  | { page: 'followup' };

const ID = /^[\w-]{1,64}$/;

export function parseMemberHash(hash: string): MemberRoute {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map((part) => decodeURIComponent(part));
  if (parts[0] === 'suivi') return { page: 'followup' };
  if (parts[0] !== 'propositions') return { page: 'home' };
  const [, id, action] = parts;
  if (id === undefined) return { page: 'proposals' };
  if (id === 'nouvelle') return { page: 'new' };
  if (!ID.test(id)) return { page: 'proposals' };
  return action === 'modifier' ? { page: 'edit', id } : { page: 'proposal', id };
}

export function memberHref(route: MemberRoute): string {
  switch (route.page) {
    case 'home':
      return '#/';
    case 'proposals':
      return '#/propositions';
    case 'new':
      return '#/propositions/nouvelle';
    case 'proposal':
      return `#/propositions/${encodeURIComponent(route.id)}`;
    case 'edit':
      return `#/propositions/${encodeURIComponent(route.id)}/modifier`;
    case 'followup':
      return '#/suivi';
  }
}

/** Goes to a page. `replace`: the page left is not kept in the history (a form just sent). */
export function goTo(route: MemberRoute, replace = false): void {
  const href = memberHref(route);
  if (replace) location.replace(href);
  else location.hash = href;
}

/** The proposals part of the phone (every page but the home page and the follow-up, reached from it). */
export const inProposals = (route: MemberRoute): boolean => route.page !== 'home' && route.page !== 'followup';
