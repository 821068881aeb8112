// State of the Kasir screen shared by its parts: which dialog is open, the last receipt, and
// the scan box (so every action can give it focus back for the next scan).
import type { ProductView, SaleView } from '../api/types.gen';
import { app } from './app.svelte';
import { addProduct, linePrice, type CartProduct } from './cart';
import { cartState, updateCart } from './cart.svelte';

export interface QtyTarget {
  product: CartProduct;
  /** add: a new weighing from a scan or tile; edit: change the line's quantity. */
  mode: 'add' | 'edit';
  qtyMilli: number;
}

export const kasir = $state<{
  qtyTarget: QtyTarget | null;
  discountFor: string | null;
  /** The product id of the line whose price is being typed ("Ubah harga"). */
  priceFor: string | null;
  paying: boolean;
  receipt: SaleView | null;
}>({ qtyTarget: null, discountFor: null, priceFor: null, paying: false, receipt: null });

let scanEl: HTMLInputElement | null = null;

export function registerScan(el: HTMLInputElement | null): void {
  scanEl = el;
}

/** Gives the scan box focus back, unless a dialog is open (it owns the keyboard then). */
export function focusScan(force = false): void {
  queueMicrotask(() => {
    if (scanEl && (force || app.dialogs === 0)) scanEl.focus();
  });
}

/** Tile tap, scan or search pick: counted goods go straight in, weighed goods ask the weight. */
export function addToCart(p: ProductView): void {
  kasir.receipt = null;
  if (p.soldByWeight) {
    kasir.qtyTarget = { product: p, mode: 'add', qtyMilli: 0 };
    return;
  }
  updateCart(addProduct(cartState.cart, p));
  focusScan();
}

/** A WhatsApp order's cart (its order code read by the till): each product with the quantity
 * asked, added to the cart as one scan each would add it. */
export function addOrderToCart(lines: { product: ProductView; qtyMilli: number }[]): void {
  kasir.receipt = null;
  let cart = cartState.cart;
  for (const l of lines) cart = addProduct(cart, l.product, l.qtyMilli);
  updateCart(cart);
  focusScan();
}

/** F4 and tapping a line's quantity: edit the quantity or weight of a line. */
export function editLineQty(productId: string): void {
  const line = cartState.cart.lines.find((l) => l.productId === productId);
  if (!line) return;
  kasir.qtyTarget = {
    // The price it sells at (a typed one too), for the dialog's preview.
    product: { id: line.productId, sku: line.sku, name: line.name, unit: line.unit, price: linePrice(line), soldByWeight: line.soldByWeight },
    mode: 'edit',
    qtyMilli: line.qtyMilli,
  };
}

/** F6 and tapping a line's price: type another unit price for the line ("Ubah harga"). */
export function editLinePrice(productId: string): void {
  if (cartState.cart.lines.some((l) => l.productId === productId)) kasir.priceFor = productId;
}
