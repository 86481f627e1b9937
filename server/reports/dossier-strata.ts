import { smallGroupMin } from '../../shared/domain/small-groups.ts';
import type { Convention } from '../../shared/domain/types.ts';
import { reportedAttributes } from '../../shared/features/strata/member-strata.ts';
import { publicStrata, representation } from '../../shared/features/strata/representation.ts';
import type { DossierStrata } from '../../shared/reports/dossier.ts';

// The dossier's "Représentativité" part: each closed session's attendance by reported stratum,
// as frozen at its close, against the roster and the targets. A dossier is a record handed to the
// Council: closed sessions only, and no stratum counted under k (publicStrata splits them).

export function dossierStrata(conv: Convention): DossierStrata {
  const k = smallGroupMin(conv);
  return {
    attributes: reportedAttributes(conv),
    sessions: representation(conv)
      .filter((s) => s.status === 'closed')
      .map((s) => ({
        title: conv.sessions[s.sessionId]!.title,
        frozen: s.frozen,
        rosterTotal: s.rosterTotal,
        presentTotal: s.presentTotal,
        guestsPresent: s.guestsPresent,
        attributes: s.attributes.map((a) => ({ attribute: a.attribute, counted: a.counted, strata: publicStrata(a.rows, s.rosterTotal, s.presentTotal, k) })),
      })),
  };
}
