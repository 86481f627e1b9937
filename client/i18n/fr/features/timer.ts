// Minuteur de la séance et temps de parole : téléphones et projecteur (la console en lit aussi).
export const messages = {
  'timer.line.label': 'Minuteur',
  'timer.screen.ended': 'Temps écoulé',
  'timer.screen.sound': 'Son de fin : cliquez une fois sur cette page pour l’activer.',
};
