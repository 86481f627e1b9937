// Speed meeting: the phone's card and the projector's panel.
export const messages = {
  'speed.actors.saved': 'Enregistré',
  'speed.grid.none': '—',
  'speed.grid.notInPlan': 'pas dans le plan',

  'speed.sheet.table': 'Table {table}',

  'speed.member.title': 'Speed meeting',
  'speed.member.now': 'Tour {round} : table {table}, {organisation}',
  'speed.member.host': 'Intervenant·e : {name}',
  'speed.member.noTable': 'Tour {round} : pas de table pour vous. L’équipe d’animation vous indique où aller.',
  'speed.member.next': 'Ensuite, tour {round} : table {table}, {organisation}',
  'speed.member.nextNone': 'Ensuite, tour {round} : pas de table.',
  'speed.member.last': 'C’est le dernier tour.',
  'speed.member.notPlanned': 'Vous n’êtes pas encore dans le plan : l’équipe d’animation vous ajoute dans un instant.',
  'speed.member.schedule': 'Mon programme ({count} tours)',
  'speed.member.scheduleLine': 'Tour {round}',
  'speed.member.ended': 'Le speed meeting est terminé. Merci !',
  'speed.member.announce': 'Tour {round} : allez à la table {table}, {organisation}.',
  'speed.member.announceNone': 'Tour {round} : pas de table pour vous, voyez l’équipe d’animation.',
  'speed.member.changed': 'Votre programme a changé.',
  'speed.member.current': 'maintenant',

  'speed.screen.title': 'Speed meeting',
  'speed.screen.round': 'Tour {round} sur {rounds}',
  'speed.screen.find': 'Cherchez votre nom : votre table est à côté. Votre téléphone l’affiche aussi.',
  'speed.screen.page': 'Page {page} sur {pages}',
  'speed.screen.noTable': 'voir l’équipe',
  'speed.screen.soon': '{actors} acteurs · {rounds} tours de {minutes} min. Le premier tour va commencer.',
  'speed.screen.ended': 'Speed meeting terminé : merci aux acteurs !',
  'speed.screen.empty': 'Personne n’est placé pour ce tour.',
  'speed.screen.tableWord': 'Table',
};
