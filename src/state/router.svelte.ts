import type { NotebookId } from '../model';
import { asNotebookId } from '../model';

/** The page the app shows, from the URL hash. */
export type Route =
  | { readonly page: 'notebooks' }
  | { readonly page: 'settings' }
  | { readonly page: 'notebook'; readonly id: NotebookId };

/** Reads a hash such as `#/notebook/quick-start`; anything unknown is the notebook list. */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'settings') return { page: 'settings' };
  if (parts[0] === 'notebook' && parts[1]) return { page: 'notebook', id: asNotebookId(parts[1]) };
  return { page: 'notebooks' };
}

export function routeHash(route: Route): string {
  return route.page === 'notebook' ? `#/notebook/${encodeURIComponent(route.id)}` : route.page === 'settings' ? '#/settings' : '#/';
}

/** Hash-based routing, so the static build works from any folder (GitHub Pages, a file). */
export class Router {
  route = $state<Route>({ page: 'notebooks' });

  constructor(private readonly win: Window) {
    this.route = parseRoute(win.location.hash);
    win.addEventListener('hashchange', () => (this.route = parseRoute(win.location.hash)));
  }

  go(route: Route): void {
    this.win.location.hash = routeHash(route);
  }
}
