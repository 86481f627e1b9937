// La carte « Sauvegarde » de la console (onglet Séance) : télécharger la convention, en restaurer une.
export const messages = {
  'console.backup.title': 'Sauvegarde',
  'console.backup.intro': 'Toute la convention dans un seul fichier : pour la passer de l’ordinateur de la salle au serveur en ligne, et retour. Il contient toutes les clés d’accès : gardez-le comme le lien de la console. Aucune copie n’est faite pendant un vote secret, une mesure du consensus ou un jugement majoritaire ouvert.',
};
