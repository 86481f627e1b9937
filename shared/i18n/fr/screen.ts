// Strings of the screen screen.
export const messages = {
  'screen.title': 'screen',
};
