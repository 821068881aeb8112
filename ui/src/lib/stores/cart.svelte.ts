// The live cart of the Kasir screen, saved to localStorage on every change, and its quote
// from the backend (debounced: the cashier can scan faster than a round trip).
import { backend, toAppError } from '../api';
import type { AppError, QuoteView } from '../api/types.gen';
import { emptyCart, parseCart, toInput, type Cart } from './cart';

const STORAGE_KEY = 'laris.cart';
const QUOTE_DELAY_MS = 120;

function load(): Cart {
  try {
    return parseCart(localStorage.getItem(STORAGE_KEY));
  } catch {
    return emptyCart();
  }
}

export const cartState = $state<{ cart: Cart; quote: QuoteView | null; quoteError: AppError | null; quoting: boolean }>({
  cart: load(),
  quote: null,
  quoteError: null,
  quoting: false,
});

let timer: ReturnType<typeof setTimeout> | null = null;
let generation = 0;

export function updateCart(next: Cart): void {
  cartState.cart = next;
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
  } catch {
    // Storage full or blocked: the cart still lives in memory.
  }
  requestQuote();
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
