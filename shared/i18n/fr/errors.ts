import type { ErrorCode } from '../../errors.ts';

// One sentence per stable error code, as the person in the room should read it.
export const messages: Record<`error.${ErrorCode}`, string> = {
  'error.INVALID_PAYLOAD': 'Ces informations ne sont pas valables. Vérifiez la saisie.',
  'error.UNKNOWN_COMMAND': 'Action inconnue. Rechargez la page.',
  'error.FORBIDDEN': 'Vous n’avez pas le droit de faire cela.',
  'error.NOT_FOUND': 'Élément introuvable : il a peut-être été supprimé.',
  'error.RATE_LIMITED': 'Trop d’actions d’un coup. Patientez une seconde.',
  'error.PROTOCOL_MISMATCH': 'Une nouvelle version est disponible : rechargez la page.',
  'error.AUTH_REQUIRED': 'Identifiez-vous d’abord.',
  'error.AUTH_INVALID': 'Ce lien ou ce code n’est plus valable.',
  'error.SEAT_TAKEN_OVER': 'Votre place a été reprise sur un autre téléphone.',
  'error.SESSION_CODE_UNKNOWN': 'Code de session inconnu. Vérifiez le code affiché à l’écran.',
  'error.SEAT_CODE_UNKNOWN': 'Code personnel inconnu. Vérifiez votre carte ou demandez à l’équipe.',
  'error.GUESTS_NOT_ALLOWED': 'Cette session demande votre code personnel.',
  'error.MEMBER_INACTIVE': 'Cette place n’est pas active. Adressez-vous à l’équipe d’animation.',
  'error.TOO_MANY_ATTEMPTS': 'Trop d’essais. Patientez quelques minutes ou demandez à l’équipe.',
  'error.SESSION_NOT_LIVE': 'Cette session n’est pas ouverte.',
  'error.SESSION_CLOSED': 'Cette session est close.',
  'error.INVALID_DATES': 'La date de fin précède la date de début.',
  'error.LIMIT_REACHED': 'La limite est atteinte.',
  'error.LAST_LEVER': 'Il faut garder au moins un levier.',
  'error.NO_TABLES': 'Créez d’abord les tables.',
  'error.NO_PRESENT_MEMBERS': 'Personne n’est marqué présent.',
  'error.TABLES_OUTNUMBER_MEMBERS': 'Plus de tables que de membres présents.',
  'error.CONFLICT': 'Quelqu’un a modifié cela en même temps : voici la version actuelle.',
  'error.INTERNAL': 'Erreur du serveur. Réessayez dans un instant.',
};
