// Removes what this device keeps under some keys, in localStorage and sessionStorage: how a
// phone forgets a convention ("Quitter ce téléphone", or the convention archived). Never
// throws: a browser that forbids storage kept nothing.

export function forgetKeys(match: (key: string) => boolean): void {
  for (const store of stores()) {
    try {
      const keys: string[] = [];
      for (let i = 0; i < store.length; i++) {
        const key = store.key(i);
        if (key !== null && match(key)) keys.push(key);
      }
      for (const key of keys) store.removeItem(key);
    } catch {
      // Storage refused: nothing was kept there.
    }
  }
}

function stores(): Storage[] {
  const found: Storage[] = [];
  try {
    if (typeof localStorage !== 'undefined') found.push(localStorage);
  } catch {
    // Some browsers throw on the mere access when storage is disabled.
  }
  try {
    if (typeof sessionStorage !== 'undefined') found.push(sessionStorage);
  } catch {
    // Idem.
  }
  return found;
}
