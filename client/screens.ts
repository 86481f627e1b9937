import type { Component } from 'svelte';
import type { Route } from './lib/route.ts';

// One chunk per screen: a phone downloads the phone's code, never the console's. main.ts loads
// the screen of the address and its words (client/i18n) side by side, then mounts it.
type ScreenModule = { default: Component<any> };

export const SCREENS: Record<Route['screen'], () => Promise<ScreenModule>> = {
  home: () => import('./views/Home.svelte'),
  member: () => import('./views/member/MemberApp.svelte'),
  console: () => import('./views/console/ConsoleApp.svelte'),
  projector: () => import('./views/screen/ScreenApp.svelte'),
  speaker: () => import('./views/speaker/SpeakerApp.svelte'),
  support: () => import('./views/support/SupportApp.svelte'),
  operator: () => import('./views/operator/OperatorApp.svelte'),
  dossier: () => import('./views/dossier/DossierApp.svelte'),
  notfound: () => import('./views/NotFound.svelte'),
};
