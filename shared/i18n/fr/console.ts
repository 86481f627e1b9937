// Strings of the console screen.
export const messages = {
  'console.title': 'console',
};
