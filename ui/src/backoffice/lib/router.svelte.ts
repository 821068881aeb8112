// Routing by path with the History API: the server sends the app for every page path.
import { ROUTES, type RoutePath } from './routes';

function read(): { path: RoutePath | null; query: URLSearchParams } {
  const raw = location.pathname.replace(/\/+$/, '') || '/';
  return { path: (ROUTES as readonly string[]).includes(raw) ? (raw as RoutePath) : null, query: new URLSearchParams(location.search) };
}

export const route = $state(read());

export function navigate(to: string, replace = false): void {
  if (`${location.pathname}${location.search}` !== to) {
    if (replace) history.replaceState(null, '', to);
    else history.pushState(null, '', to);
  }
  Object.assign(route, read());
  window.scrollTo?.(0, 0);
}

window.addEventListener('popstate', () => Object.assign(route, read()));

/** onclick of an in-app <a href>: a plain left click routes here, anything else (new tab)
 * stays the browser's. */
export function link(e: MouseEvent): void {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = e.currentTarget as HTMLAnchorElement;
  e.preventDefault();
  navigate(a.getAttribute('href') ?? '/');
}
