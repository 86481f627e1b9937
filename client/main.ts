import { mount } from 'svelte';
import App from './App.svelte';
import { i18n } from './lib/i18n.svelte.ts';
import { parseRoute } from './lib/route.ts';
import { SCREENS } from './screens.ts';
import './styles.css';

const route = parseRoute(location.pathname);

// The screen's code and its words download side by side, and the screen is drawn once both are
// here: no key ever flashes. On bad Wi-Fi it tries again, then reloads the page.
function start(attempt = 0): void {
  Promise.all([SCREENS[route.screen](), i18n.load(route.screen)]).then(
    ([screen]) => {
      mount(App, { target: document.getElementById('app')!, props: { route, screen: screen.default } });
    },
    (error: unknown) => {
      console.error(error);
      setTimeout(() => (attempt < 3 ? start(attempt + 1) : location.reload()), 1000 * 2 ** attempt);
    },
  );
}

start();
