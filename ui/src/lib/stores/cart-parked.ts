// Parked carts ("Keranjang tersimpan"): a customer who steps away leaves their cart on hold
// while the next one is served. Pure functions; the store saves the list to localStorage.
import { parseCart, type Cart } from './cart';

export const MAX_PARKED = 10;

export interface ParkedCart {
  id: string;
  /** Unix ms when parked. */
  parkedAt: number;
  cart: Cart;
}

/** Parks `cart` (first in the list). Unchanged when the cart is empty or the list is full. */
export function park(list: ParkedCart[], cart: Cart, now: number, id: string): ParkedCart[] {
  if (cart.lines.length === 0 || list.length >= MAX_PARKED) return list;
  return [{ id, parkedAt: now, cart }, ...list];
}

/** Takes a parked cart back: the current cart, if it has items, is parked in its place, so
 * nothing rung up is ever lost. Returns the new list and the cart to serve. */
export function resume(
  list: ParkedCart[],
  id: string,
  current: Cart,
  now: number,
  newId: string,
): { list: ParkedCart[]; cart: Cart } | null {
  const found = list.find((p) => p.id === id);
  if (!found) return null;
  const rest = list.filter((p) => p.id !== id);
  // The slot freed by the resumed cart always fits the current one.
  const next = current.lines.length ? [{ id: newId, parkedAt: now, cart: current }, ...rest] : rest;
  return { list: next, cart: found.cart };
}

export function removeParked(list: ParkedCart[], id: string): ParkedCart[] {
  return list.filter((p) => p.id !== id);
}

/** Counted items of a cart: pieces for counted goods, one per weighed line. */
export function itemCount(cart: Cart): number {
  return cart.lines.reduce((n, l) => n + (l.soldByWeight ? 1 : Math.max(1, Math.round(l.qtyMilli / 1000))), 0);
}

/** Reads the saved list, dropping anything malformed. */
export function parseParked(text: string | null): ParkedCart[] {
  if (!text) return [];
  try {
    const v = JSON.parse(text) as unknown;
    if (!Array.isArray(v)) return [];
    const out: ParkedCart[] = [];
    for (const p of v as Partial<ParkedCart>[]) {
      if (typeof p?.id !== 'string' || typeof p.parkedAt !== 'number') continue;
      const cart = parseCart(JSON.stringify(p.cart ?? null));
      if (cart.lines.length) out.push({ id: p.id, parkedAt: p.parkedAt, cart });
    }
    return out.slice(0, MAX_PARKED);
  } catch {
    return [];
  }
}
