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
  // `?empty`: no products either, as a real first run.
  const params = new URLSearchParams(typeof location !== 'undefined' ? location.search : '');
  const mock = new MockBackend({ initialised: !params.has('fresh'), emptyCatalog: params.has('empty') });
  installMockHook(mock);
  return mock;
}

export const backend: Backend = pick();
export type { Backend } from './backend';
export { toAppError } from './backend';
