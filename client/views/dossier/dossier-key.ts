// The facilitator key of the dossier, kept out of its address. Chromium prints the page's address
// in the header or footer of every page of a PDF (its default "headers and footers"), so a dossier
// opened at /dossier/<key> would hand the console key to whoever gets the file. The page reads the
// key once, keeps it for this tab in sessionStorage (a reload still works) and shows /dossier?…
// instead. Never throws: a browser that forbids storage keeps the key in memory only.

const STORED = 'convergence.dossier.key';

/** The key given in the address, else the one this tab kept; '' when there is neither. */
export function takeDossierKey(fromAddress: string): string {
  try {
    if (fromAddress) sessionStorage.setItem(STORED, fromAddress);
    else return sessionStorage.getItem(STORED) ?? '';
  } catch {
    // Storage refused: a reload of the key-less address will ask for the console's link again.
  }
  return fromAddress;
}

/** Forgets the kept key (the server refused it: a reload should not try it again). */
export function forgetDossierKey(): void {
  try {
    sessionStorage.removeItem(STORED);
  } catch {
    // Nothing was kept.
  }
}

/** The dossier's address without any key: the path alone, then its settings' query. */
export const keylessAddress = (search: string): string => `/dossier${search}`;
