// Strings of the speaker's laptop (/speaker/KEY), a read-only list of the room's questions.
export const messages = {
  'question.speaker.title': 'Questions de la salle',
  'question.speaker.summary': '{waiting} en attente · {answered}',
  'question.speaker.projected': 'À l’écran maintenant',
  'question.speaker.empty': 'Aucune question en attente.',
};
