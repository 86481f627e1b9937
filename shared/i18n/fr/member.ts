// Strings of the member's phone. French is the reference; \u00a0 is the non-breaking space that
// French typography puts before « : », so that the colon never starts a line on a narrow phone.
export const messages = {
  'member.title': 'Mon espace',

  // Joining
  'member.join.title': 'Rejoindre la session',
  'member.join.session': 'Code de la session\u00a0: {code}',
  'member.join.intro': 'Saisissez le code personnel inscrit sur la carte qui vous a été remise à l’accueil.',
  'member.join.seatCode': 'Votre code personnel',
  'member.join.seatCode.hint': 'Six lettres ou chiffres. Majuscules ou minuscules, peu importe.',
  'member.join.seatCode.missing': 'Saisissez votre code personnel.',
  'member.join.guest.intro': 'Sans code personnel, vous pouvez rejoindre la session sous le nom de votre choix, si l’équipe d’animation l’a permis.',
  'member.join.displayName': 'Votre nom',
  'member.join.displayName.hint': 'Il sera visible par les autres membres et par l’équipe d’animation.',
  'member.join.displayName.missing': 'Indiquez le nom sous lequel vous souhaitez apparaître.',
  'member.join.submit': 'Rejoindre la session',
  'member.join.submitting': 'Connexion en cours…',
  'member.join.noCode': 'Je n’ai pas de code personnel',
  'member.join.haveCode': 'J’ai un code personnel',
  'member.join.network': 'Impossible de joindre le serveur. Vérifiez le Wi-Fi ou les données mobiles de votre téléphone, puis réessayez.',
  'member.join.retry': 'Réessayer',
  'member.join.denied': 'Votre connexion précédente n’est plus valable. Saisissez de nouveau votre code personnel pour reprendre votre place.',
  'member.join.help': 'Besoin d’aide\u00a0? Levez la main\u00a0: l’équipe d’animation viendra vous voir.',

  // Seat lost
  'member.seatLost.released': 'L’équipe d’animation a libéré votre place sur ce téléphone.',
  'member.seatLost.explain': 'Si vous souhaitez continuer sur ce téléphone, reprenez votre place avec votre code personnel. L’autre téléphone sera alors déconnecté.',
  'member.seatLost.released.explain': 'Pour continuer, saisissez de nouveau votre code personnel. S’il ne fonctionne plus, demandez-en un nouveau à l’équipe d’animation.',
  'member.seatLost.rejoin': 'Reprendre ma place ici',

  // The member's home
  'member.you': '(vous)',
  'member.session.none.title': 'Pas de session en cours',
  'member.session.none': 'Aucune session n’est ouverte pour le moment. Gardez cette page ouverte\u00a0: elle se mettra à jour d’elle-même dès le début de la session.',
  'member.session.label': 'Session',
  'member.current.title': 'En ce moment',
  'member.current.none': 'Pas d’activité en cours',
  'member.current.duration': 'environ {count}\u00a0min',
  'member.table.title': 'Votre table',
  'member.table.members': 'Les membres de votre table',
  'member.table.online': 'en ligne',
  'member.table.offline': 'hors ligne',
  'member.table.alone': 'Personne d’autre n’est encore assis à cette table.',
  'member.table.waiting': 'L’équipe d’animation vous indiquera votre table.',
  'member.agenda.toggle': 'Voir l’ordre du jour',
  'member.agenda.count.one': '{count} point',
  'member.agenda.count.other': '{count} points',
  'member.seatCode': 'Votre code\u00a0: {code} — notez-le pour vous reconnecter',
  'member.seatCode.more': 'Avec ce code, vous pourrez retrouver votre place depuis un autre téléphone.',

  // Announcements for screen readers (a polite live region)
  'member.announce.item': 'Nouvelle activité\u00a0: {title}',
  'member.announce.noItem': 'Plus d’activité en cours.',
  'member.announce.table': 'Votre table\u00a0: {name}',
  'member.announce.noTable': 'Vous n’avez plus de table attribuée.',
  'member.announce.sessionOpened': 'La session a commencé\u00a0: {title}',
  'member.announce.sessionClosed': 'La session est terminée.',
};
