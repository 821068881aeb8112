// The cart as the window keeps it: pure functions over a plain object, so it can be tested
// without a DOM and saved to localStorage as is (nothing typed is lost on error or reload).
import type { CartInput, ProductView } from '../api/types.gen';

export interface CartLine {
  productId: string;
  sku: string;
  name: string;
  unit: string;
  price: number;
  soldByWeight: boolean;
  qtyMilli: number;
  discount: number;
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

export function setCartDiscount(cart: Cart, discount: number): Cart {
  return { ...cart, discount };
}

export function toInput(cart: Cart): CartInput {
  return {
    lines: cart.lines.map((l) => ({ productId: l.productId, qtyMilli: l.qtyMilli, discount: l.discount })),
    discount: cart.discount,
  };
}

/** Reads a saved cart, tolerating anything malformed (an empty cart then). */
export function parseCart(text: string | null): Cart {
  if (!text) return emptyCart();
  try {
    const v = JSON.parse(text) as Cart;
    if (!Array.isArray(v.lines)) return emptyCart();
    const lines = v.lines.filter(
      (l) => typeof l.productId === 'string' && Number.isInteger(l.qtyMilli) && l.qtyMilli > 0,
    );
    return { lines, discount: Number.isInteger(v.discount) ? v.discount : 0 };
  } catch {
    return emptyCart();
  }
}
