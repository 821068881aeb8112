import { describe, expect, it } from 'vitest';
import { addProduct, emptyCart, parseCart, removeLine, setCartDiscount, setLineDiscount, setQty, step, toInput } from '../../src/lib/stores/cart';

const mie = { id: 'p-W0001', sku: 'W0001', name: 'Indomie Goreng 85g', unit: 'pcs', price: 3500, soldByWeight: false };
const beras = { id: 'p-W0010', sku: 'W0010', name: 'Beras Curah', unit: 'kg', price: 14000, soldByWeight: true };

describe('cart', () => {
  it('keeps one line per product, adding counted units', () => {
    let c = addProduct(emptyCart(), mie);
    c = addProduct(c, mie);
    expect(c.lines).toHaveLength(1);
    expect(c.lines[0].qtyMilli).toBe(2000);
  });

  it('replaces the weight of a weighed product', () => {
    let c = addProduct(emptyCart(), beras, 250);
    c = addProduct(c, beras, 500);
    expect(c.lines).toHaveLength(1);
    expect(c.lines[0].qtyMilli).toBe(500);
  });

  it('steps, sets and removes', () => {
    let c = addProduct(emptyCart(), mie);
    c = step(c, mie.id, 1);
    expect(c.lines[0].qtyMilli).toBe(2000);
    c = step(step(c, mie.id, -1), mie.id, -1);
    expect(c.lines).toHaveLength(0);
    c = setQty(addProduct(c, mie), mie.id, 5000);
    expect(c.lines[0].qtyMilli).toBe(5000);
    c = setCartDiscount(setLineDiscount(c, mie.id, 500), 1000);
    expect(toInput(c)).toEqual({ lines: [{ productId: mie.id, qtyMilli: 5000, discount: 500 }], discount: 1000 });
    c = removeLine(c, mie.id);
    expect(c).toEqual(emptyCart());
  });

  it('survives a reload through localStorage text, and ignores junk', () => {
    const c = addProduct(addProduct(emptyCart(), mie), beras, 250);
    expect(parseCart(JSON.stringify(c))).toEqual(c);
    expect(parseCart('{not json')).toEqual(emptyCart());
    expect(parseCart(null)).toEqual(emptyCart());
    expect(parseCart(JSON.stringify({ lines: [{ productId: 'x', qtyMilli: -1 }], discount: 0 })).lines).toHaveLength(0);
  });
});
