import { QUESTION_ORDERS, type QuestionOrder } from '../../shared/features/questions/rules.ts';

// The order a person reads the questions in (most voted, or newest), kept on the device: each
// phone and the console choose their own; the projector and the speaker always read by votes.

const KEY = 'convergence.questionOrder';

export function readQuestionOrder(where: 'member' | 'console'): QuestionOrder {
  try {
    const saved = localStorage.getItem(`${KEY}.${where}`);
    return (QUESTION_ORDERS as readonly string[]).includes(saved ?? '') ? (saved as QuestionOrder) : 'votes';
  } catch {
    return 'votes';
  }
}

export function saveQuestionOrder(where: 'member' | 'console', order: QuestionOrder): void {
  try {
    localStorage.setItem(`${KEY}.${where}`, order);
  } catch {
    // A full or private storage: the choice lasts as long as the page.
  }
}
