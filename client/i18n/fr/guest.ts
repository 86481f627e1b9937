// A guest's phone waiting for the facilitator (views/member/GuestWaiting.svelte): loaded with it,
// so the join page carries none of these words.
export const messages = {
  'member.guest.title': 'Bonjour {name}',
  'member.guest.pending': 'En attente de l’équipe d’animation…',
  'member.guest.pending.hint': 'Votre demande lui a été transmise. Gardez cette page ouverte : elle continuera d’elle-même dès que vous serez accepté·e.',
  'member.guest.refused': 'L’équipe d’animation n’a pas accepté votre demande.',
  'member.guest.refused.hint': 'Si c’est une erreur, adressez-vous à elle : si elle vous accepte finalement, cette page continuera d’elle-même.',
  'member.guest.gone': 'Votre demande n’est plus valable : la session est peut-être fermée. Vous pouvez refaire une demande.',
  'member.guest.back': 'Revenir au formulaire',
};
