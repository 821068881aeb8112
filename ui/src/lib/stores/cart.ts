// The cart as the window keeps it: pure functions over a plain object, so it can be tested
// without a DOM and saved to localStorage as is (nothing typed is lost on error or reload).
import type { CartInput, ProductView } from '../api/types.gen';
import { LIMITS } from '../api/types.gen';

export interface CartLine {
  productId: string;
  sku: string;
  name: string;
  unit: string;
  price: number;
  soldByWeight: boolean;
  qtyMilli: number;
  discount: number;
  /** A price typed at the counter instead of the catalog's `price` (absent: the catalog's).
   * Checkout asks the owner's PIN for it once people are set up. */
  unitPrice?: number;
}

export interface Cart {
  lines: CartLine[];
  discount: number;
}

/** What the cart needs of a product (a ProductView has it all). */
export type CartProduct = Pick<ProductView, 'id' | 'sku' | 'name' | 'unit' | 'price' | 'soldByWeight'>;

export const emptyCart = (): Cart => ({ lines: [], discount: 0 });

/** Adds `qtyMilli` of a product: one line per product (the backend refuses two). */
export function addProduct(cart: Cart, p: CartProduct, qtyMilli = 1000): Cart {
  const i = cart.lines.findIndex((l) => l.productId === p.id);
  if (i >= 0) {
    // A weighed item weighed again replaces the weight; counted items add up.
    const line = cart.lines[i];
    const qty = p.soldByWeight ? qtyMilli : line.qtyMilli + qtyMilli;
    const lines = cart.lines.filter((_, j) => j !== i);
    return { ...cart, lines: [...lines, { ...line, qtyMilli: qty }] };
  }
  const line: CartLine = {
    productId: p.id,
    sku: p.sku,
    name: p.name,
    unit: p.unit,
    price: p.price,
    soldByWeight: p.soldByWeight,
    qtyMilli,
    discount: 0,
  };
  return { ...cart, lines: [...cart.lines, line] };
}

export function setQty(cart: Cart, productId: string, qtyMilli: number): Cart {
  if (qtyMilli <= 0) return removeLine(cart, productId);
  return {
    ...cart,
    lines: cart.lines.map((l) => (l.productId === productId ? { ...l, qtyMilli } : l)),
  };
}

/** +/- one unit (counted goods) or keep the weight (weighed goods change through the dialog). */
export function step(cart: Cart, productId: string, delta: 1 | -1): Cart {
  const line = cart.lines.find((l) => l.productId === productId);
  if (!line) return cart;
  return setQty(cart, productId, line.qtyMilli + delta * 1000);
}

export function removeLine(cart: Cart, productId: string): Cart {
  const lines = cart.lines.filter((l) => l.productId !== productId);
  // A bill discount larger than what is left would be refused; drop it with the last line.
  return { lines, discount: lines.length ? cart.discount : 0 };
}

export function setLineDiscount(cart: Cart, productId: string, discount: number): Cart {
  return {
    ...cart,
    lines: cart.lines.map((l) => (l.productId === productId ? { ...l, discount } : l)),
  };
}

/** The price the line is sold at: the typed one, else the catalog's. */
export function linePrice(l: CartLine): number {
  return l.unitPrice ?? l.price;
}

/** Whether the line is sold at a price other than the catalog's. */
export function priceTyped(l: CartLine): boolean {
  return l.unitPrice !== undefined && l.unitPrice !== l.price;
}

/** Types a price for the line; null (or the catalog's own price) goes back to the catalog's. */
export function setUnitPrice(cart: Cart, productId: string, unitPrice: number | null): Cart {
  return {
    ...cart,
    lines: cart.lines.map((l) => {
      if (l.productId !== productId) return l;
      return unitPrice === null || unitPrice === l.price ? catalogPriced(l) : { ...l, unitPrice };
    }),
  };
}

/** The line at the catalog's price (no typed price). */
function catalogPriced(l: CartLine): CartLine {
  const { unitPrice: _typed, ...rest } = l;
  return rest;
}

export function setCartDiscount(cart: Cart, discount: number): Cart {
  return { ...cart, discount };
}

export function toInput(cart: Cart): CartInput {
  return {
    lines: cart.lines.map((l) => ({
      productId: l.productId,
      qtyMilli: l.qtyMilli,
      discount: l.discount,
      ...(priceTyped(l) ? { unitPrice: l.unitPrice } : {}),
    })),
    discount: cart.discount,
  };
}

/** Reads a saved cart, tolerating anything malformed (an empty cart then). */
export function parseCart(text: string | null): Cart {
  if (!text) return emptyCart();
  try {
    const v = JSON.parse(text) as Cart;
    if (!Array.isArray(v.lines)) return emptyCart();
    const lines = v.lines
      .filter((l) => typeof l.productId === 'string' && Number.isInteger(l.qtyMilli) && l.qtyMilli > 0)
      .map((l) => (l.unitPrice === undefined || plausiblePrice(l.unitPrice) ? l : catalogPriced(l)));
    return { lines, discount: Number.isInteger(v.discount) ? v.discount : 0 };
  } catch {
    return emptyCart();
  }
}

function plausiblePrice(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= LIMITS.maxPrice;
}

/** What the catalog says of a product now (a ProductView has it), or null when it is gone. */
export type CatalogProduct = CartProduct & { active: boolean };

/** A saved cart checked against the catalog as it is now: a line whose product is gone (or
 * inactive, or its code changed) is dropped, the rest take the catalog's name, unit and price,
 * and keep their typed price (which is dropped once it is the catalog's price anyway). A line
 * whose product cannot be looked up now (`find` throws) is kept as it was: the quote will say
 * what is wrong. */
export async function recheckCart(saved: Cart, find: (sku: string) => Promise<CatalogProduct | null>): Promise<Cart> {
  const lines: CartLine[] = [];
  for (const line of saved.lines) {
    let p: CatalogProduct | null;
    try {
      p = await find(line.sku);
    } catch {
      lines.push(line);
      continue;
    }
    if (p && p.active && p.sku === line.sku) {
      const fresh = { ...line, productId: p.id, name: p.name, unit: p.unit, price: p.price, soldByWeight: p.soldByWeight };
      lines.push(fresh.unitPrice === p.price ? catalogPriced(fresh) : fresh);
    }
  }
  return { lines, discount: lines.length ? saved.discount : 0 };
}
