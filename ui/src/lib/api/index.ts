// Picks the backend once: the Tauri shell injects __TAURI_INTERNALS__; a plain browser
// (vite dev, Playwright) gets the in-memory mock.
import type { Backend } from './backend';
import { tauriBackend } from './tauri';
import { MockBackend, installMockHook } from './mock';

function pick(): Backend {
  if (typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window) {
    return tauriBackend();
  }
  // `?fresh`: a shop not yet set up (the sample catalog stays, for the golden tests);
  // `?empty`: no products either, as a real first run; `?people`: the owner "Bu Sri" (PIN 4821)
  // and the cashier "Dewi" (PIN 1357), nobody on duty, so the till opens on the lock screen.
  // Without it the till has no people at all and never locks (the older tests, the golden ones).
  const params = new URLSearchParams(typeof location !== 'undefined' ? location.search : '');
  const mock = new MockBackend({ initialised: !params.has('fresh'), emptyCatalog: params.has('empty') });
  if (params.has('people')) seedPeople(mock);
  installMockHook(mock);
  return mock;
}

/** Seeds `?people` through the mock's own synchronous rules (mock.staff), before the app's
 * first read. */
function seedPeople(mock: MockBackend): void {
  mock.staff.setUpOwner({ name: 'Bu Sri', pin: '4821' });
  mock.staff.addPerson({ name: 'Dewi', role: 'cashier', pin: '1357', ownerPin: '4821' });
  mock.staff.logOut();
}

export const backend: Backend = pick();
export type { Backend } from './backend';
export { toAppError } from './backend';
