// The live cart of the Kasir screen, saved to localStorage on every change, and its quote
// from the backend (debounced: the cashier can scan faster than a round trip).
import { backend, toAppError } from '../api';
import type { AppError, QuoteView } from '../api/types.gen';
import { emptyCart, parseCart, recheckCart, toInput, type Cart } from './cart';
import { park, parseParked, removeParked, resume, type ParkedCart } from './cart-parked';

const QUOTE_DELAY_MS = 120;

/** One saved cart per till database: a cart never follows the window to another shop. */
let storageKey: string | null = null;

function load(key: string): Cart {
  try {
    return parseCart(localStorage.getItem(key));
  } catch {
    return emptyCart();
  }
}

export const cartState = $state<{
  cart: Cart;
  quote: QuoteView | null;
  quoteError: AppError | null;
  quoting: boolean;
  parked: ParkedCart[];
}>({
  cart: emptyCart(),
  parked: [],
  quote: null,
  quoteError: null,
  quoting: false,
});

let timer: ReturnType<typeof setTimeout> | null = null;
let generation = 0;

export function updateCart(next: Cart): void {
  cartState.cart = next;
  if (!storageKey) return requestQuote();
  try {
    localStorage.setItem(storageKey, JSON.stringify(next));
  } catch {
    // Storage full or blocked: the cart still lives in memory.
  }
  requestQuote();
}

function parkedKey(): string | null {
  return storageKey ? storageKey.replace('laris.cart:', 'laris.parked:') : null;
}

function saveParked(list: ParkedCart[]): void {
  cartState.parked = list;
  const key = parkedKey();
  if (!key) return;
  try {
    localStorage.setItem(key, JSON.stringify(list));
  } catch {
    // Storage full or blocked: the list still lives in memory.
  }
}

function newId(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Parks the current cart and starts a fresh one. */
export function parkCurrent(): boolean {
  const list = park(cartState.parked, $state.snapshot(cartState.cart), Date.now(), newId());
  if (list === cartState.parked) return false;
  saveParked(list);
  updateCart(emptyCart());
  return true;
}

/** Serves a parked cart again; a non-empty current cart is parked first. */
export function resumeParked(id: string): void {
  const r = resume(cartState.parked, id, $state.snapshot(cartState.cart), Date.now(), newId());
  if (!r) return;
  saveParked(r.list);
  updateCart(r.cart);
}

export function deleteParked(id: string): void {
  saveParked(removeParked(cartState.parked, id));
}

export function clearCart(): void {
  updateCart(emptyCart());
}

export function requestQuote(): void {
  if (timer) clearTimeout(timer);
  const gen = ++generation;
  if (cartState.cart.lines.length === 0) {
    cartState.quote = null;
    cartState.quoteError = null;
    cartState.quoting = false;
    return;
  }
  cartState.quoting = true;
  timer = setTimeout(async () => {
    const input = toInput(cartState.cart);
    try {
      const q = await backend.quote(input);
      if (gen !== generation) return;
      cartState.quote = q;
      cartState.quoteError = null;
    } catch (e) {
      if (gen !== generation) return;
      cartState.quote = null;
      cartState.quoteError = toAppError(e);
    } finally {
      if (gen === generation) cartState.quoting = false;
    }
  }, QUOTE_DELAY_MS);
}

/** Resolves once the pending quote (if any) has arrived: the pay dialog waits on it. */
export async function settledQuote(): Promise<QuoteView | null> {
  while (cartState.quoting) await new Promise((r) => setTimeout(r, 20));
  return cartState.quote;
}

/** Restores the cart saved for the till at `databasePath`, each line checked against the
 * catalog as it is now (a product deleted or changed since is dropped or refreshed; a typed
 * price stays), so a reload or a crash loses nothing the cashier rang up. */
export async function restoreCart(databasePath: string): Promise<void> {
  storageKey = `laris.cart:${databasePath}`;
  try {
    cartState.parked = parseParked(localStorage.getItem(parkedKey()!));
  } catch {
    cartState.parked = [];
  }
  const cart = await recheckCart(load(storageKey), async (sku) => (await backend.lookup(sku)).exact);
  updateCart(cart);
}
