// The app's addresses. One build serves every screen; the path says which.
export type Route =
  | { screen: 'home' }
  | { screen: 'member'; code: string }
  | { screen: 'console'; key: string }
  | { screen: 'projector'; key: string }
  | { screen: 'speaker'; key: string }
  | { screen: 'support'; key: string }
  | { screen: 'operator'; key: string }
  | { screen: 'dossier'; key: string }
  | { screen: 'notfound' };

export function parseRoute(pathname: string): Route {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const [first, second] = parts;
  if (parts.length === 0) return { screen: 'home' };
  if (first === 'j' && second) return { screen: 'member', code: second.toUpperCase() };
  if (first === 'console' && second) return { screen: 'console', key: second };
  if (first === 'screen' && second) return { screen: 'projector', key: second };
  // A speaker's laptop: the projector's key, a read-only list of the questions.
  if (first === 'speaker' && second) return { screen: 'speaker', key: second };
  if (first === 'support' && second) return { screen: 'support', key: second };
  // The operator's page: every convention of the server, with the operator key (not a convention's).
  if (first === 'operator' && second) return { screen: 'operator', key: second };
  // The Council's dossier, to print: the facilitator's key (its parts and language in the query).
  // The page then shows `/dossier?…` alone and keeps the key for the tab (views/dossier/dossier-key.ts):
  // '' here means "the key this tab kept".
  if (first === 'dossier') return { screen: 'dossier', key: second ?? '' };
  return { screen: 'notfound' };
}
