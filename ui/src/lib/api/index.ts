// Picks the backend once: the Tauri shell injects __TAURI_INTERNALS__; a plain browser
// (vite dev, Playwright) gets the in-memory mock.
import type { Backend } from './backend';
import { tauriBackend } from './tauri';
import { MockBackend, installMockHook } from './mock';

function pick(): Backend {
  if (typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window) {
    return tauriBackend();
  }
  const fresh = typeof location !== 'undefined' && new URLSearchParams(location.search).has('fresh');
  const mock = new MockBackend({ initialised: !fresh });
  installMockHook(mock);
  return mock;
}

export const backend: Backend = pick();
export type { Backend } from './backend';
export { toAppError } from './backend';
