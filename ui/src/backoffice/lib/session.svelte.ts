// Who is signed in (MeView) and which shop is open; the shop's id is remembered in
// localStorage so a reload opens the same one.
import { api } from '../api/client';
import type { MeView, StoreView, WebConfigView } from '../api/types.gen';

const STORE_KEY = 'laris.backoffice.storeId';

export const session = $state({
  /** null: signed out (or not known yet, see `loaded`). */
  me: null as MeView | null,
  loaded: false,
  config: null as WebConfigView | null,
  storeId: '',
});

function remembered(): string {
  try {
    return localStorage.getItem(STORE_KEY) ?? '';
  } catch {
    return '';
  }
}

/** The shop to open: the remembered one if the owner still has it, else the oldest. */
export function pickStore(stores: readonly StoreView[], wanted: string): string {
  return stores.find((s) => s.storeId === wanted)?.storeId ?? stores[0]?.storeId ?? '';
}

export function chooseStore(storeId: string): void {
  session.storeId = storeId;
  try {
    localStorage.setItem(STORE_KEY, storeId);
  } catch {
    // No storage: the choice lasts for this page only.
  }
}

export function signedIn(me: MeView): void {
  session.me = me;
  session.loaded = true;
  session.storeId = pickStore(me.stores, session.storeId || remembered());
}

export function signedOut(): void {
  session.me = null;
  session.loaded = true;
}

api.onSignedOut = signedOut;

/** On start: the config (public) and the session, if any. */
export async function start(): Promise<void> {
  const [config, me] = await Promise.allSettled([api.config(), api.me()]);
  if (config.status === 'fulfilled') session.config = config.value;
  if (me.status === 'fulfilled' && me.value) signedIn(me.value);
  else signedOut();
  if (me.status === 'rejected') throw me.reason;
}

export async function addedStore(store: StoreView): Promise<void> {
  if (session.me) session.me.stores = [...session.me.stores, store];
  chooseStore(store.storeId);
}
