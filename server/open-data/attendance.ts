import { dataset } from './columns.ts';

// Attendance as counts, one row per session: how many were drawn, how many came, how many guests
// sat with them. Never who: public data carries no member names, seat codes or roster attributes
// (docs/security.md). Whole-room counts, not subgroups, so the small-groups rule has nothing to
// hide here. A public file has the row of a session only when its attendance is published
// (publishing's `session` kind, which publication.session sets with the session's results).

export const attendance = dataset({
  name: 'attendance',
  title: { fr: 'Présence par séance', en: 'Attendance per session' },
  about: {
    fr: 'Une ligne par séance du programme, dans son ordre (dans les données publiques : par séance dont la présence est publiée). Des nombres, jamais des noms.',
    en: 'One row per session of the programme, in its order (in the public data: per session whose attendance is published). Numbers, never names.',
  },
  columns: [
    { name: 'session', type: 'string', fr: 'Titre de la séance', en: 'Title of the session' },
    { name: 'start_date', type: 'date', fr: 'Premier jour', en: 'First day' },
    { name: 'end_date', type: 'date', fr: 'Dernier jour', en: 'Last day' },
    { name: 'status', type: 'string', fr: 'planned (à venir), live (en cours) ou closed (terminée)', en: 'planned, live or closed' },
    { name: 'members_drawn', type: 'integer', fr: 'Membres tirés au sort inscrits, remplaçants compris, au moment du fichier', en: 'Members drawn on the roster, replacements included, when the file was made' },
    { name: 'members_active', type: 'integer', fr: 'Parmi eux, membres encore actifs au moment du fichier', en: 'Of those, members still active when the file was made' },
    { name: 'present_members', type: 'integer', fr: 'Membres tirés au sort présents à la séance', en: 'Drawn members present at the session' },
    { name: 'present_guests', type: 'integer', fr: 'Invités admis présents à la séance', en: 'Admitted guests present at the session' },
    { name: 'present_total', type: 'integer', fr: 'Présents en tout', en: 'Present in all' },
    { name: 'guests_vote', type: 'boolean', fr: 'Les invités votent dans cette séance', en: 'Guests vote in this session' },
    { name: 'quorum', type: 'integer', fr: 'Présents requis pour un vote valable (0 : pas de quorum)', en: 'Members present required for a valid vote (0: no quorum)' },
  ],
  rows(conv, include) {
    const drawn = conv.memberOrder.map((id) => conv.members[id]!).filter((m) => m.origin === 'roster');
    return conv.sessionOrder.flatMap((id) => {
      const s = conv.sessions[id];
      if (!s || !include('session', id)) return [];
      const present = conv.memberOrder.filter((mid) => s.present[mid]).map((mid) => conv.members[mid]!);
      const guests = present.filter((m) => m.origin === 'guest').length;
      return [
        {
          session: s.title,
          start_date: s.startDate,
          end_date: s.endDate,
          status: s.status,
          members_drawn: drawn.length,
          members_active: drawn.filter((m) => m.active).length,
          present_members: present.length - guests,
          present_guests: guests,
          present_total: present.length,
          guests_vote: s.guestsVote === true,
          quorum: s.quorum,
        },
      ];
    });
  },
});
