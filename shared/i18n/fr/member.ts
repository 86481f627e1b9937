// Strings of the member screen.
export const messages = {
  'member.title': 'member',
};
