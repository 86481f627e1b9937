// Les données personnelles dans la console : effacer un membre, lui remettre ses données, la durée
// de conservation de la convention, les colonnes d’un fichier de membres et leur finalité.
export const messages = {
  'console.privacy.erased': 'Membre effacé n°{number}',
  'console.privacy.erasedState': 'Données effacées',
  'console.privacy.erase': 'Effacer ses données',
  'console.privacy.erase.aria': 'Effacer les données de {name}',
  'console.privacy.erase.confirm': 'Effacer définitivement les données de {name} ? Nom, code siège, attributs et motif de départ disparaissent de la base, du journal et des sauvegardes et exports faits ensuite ; il ou elle devient « Membre effacé n°… ». Les votes et résultats ne changent pas. C’est irréversible.',
  'console.privacy.erase.yes': 'Effacer pour de bon',
  'console.privacy.data': 'Ses données',
  'console.privacy.data.aria': 'Télécharger les données de {name} (droit d’accès)',
};
