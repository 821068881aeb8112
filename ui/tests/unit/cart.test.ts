import { describe, expect, it } from 'vitest';
import {
  addProduct,
  emptyCart,
  linePrice,
  parseCart,
  priceTyped,
  recheckCart,
  removeLine,
  setCartDiscount,
  setLineDiscount,
  setQty,
  setUnitPrice,
  step,
  toInput,
  type CatalogProduct,
} from '../../src/lib/stores/cart';

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

  it('keeps a typed price: priced, sent, persisted, reset to the catalog price', () => {
    let c = setUnitPrice(addProduct(addProduct(emptyCart(), mie), beras, 250), mie.id, 3000);
    expect(priceTyped(c.lines[0])).toBe(true);
    expect(linePrice(c.lines[0])).toBe(3000);
    expect(c.lines[0].price).toBe(3500);
    // Scanning it again keeps the typed price (the line moves to the end, as it always does).
    c = addProduct(c, mie);
    expect(c.lines[1]).toMatchObject({ qtyMilli: 2000, unitPrice: 3000 });
    expect(toInput(c).lines).toEqual([
      { productId: beras.id, qtyMilli: 250, discount: 0 },
      { productId: mie.id, qtyMilli: 2000, discount: 0, unitPrice: 3000 },
    ]);
    // A reload brings it back.
    expect(parseCart(JSON.stringify(c))).toEqual(c);
    // "Harga normal", or the catalog's own price typed, drops it.
    expect(setUnitPrice(c, mie.id, null).lines[1]).not.toHaveProperty('unitPrice');
    expect(setUnitPrice(c, mie.id, 3500).lines[1]).not.toHaveProperty('unitPrice');
    expect(toInput(setUnitPrice(c, mie.id, null)).lines[1]).toEqual({ productId: mie.id, qtyMilli: 2000, discount: 0 });
    // A price of nothing is a typed price too.
    expect(toInput(setUnitPrice(c, mie.id, 0)).lines[1].unitPrice).toBe(0);
  });

  it('drops a saved typed price that is not a plausible price, keeping the line', () => {
    const c = addProduct(emptyCart(), mie);
    for (const bad of [-1, 1.5, '3000', 1_000_000_001]) {
      const text = JSON.stringify({ ...c, lines: [{ ...c.lines[0], unitPrice: bad }] });
      const line = parseCart(text).lines[0];
      expect(line.qtyMilli).toBe(1000);
      expect(line).not.toHaveProperty('unitPrice');
    }
  });

  it('rechecks a saved cart against the catalog: typed prices survive, gone products drop', async () => {
    const saved = setUnitPrice(addProduct(addProduct(emptyCart(), mie), beras, 250), mie.id, 3000);
    const catalog = new Map<string, CatalogProduct>([
      ['W0001', { ...mie, name: 'Indomie Goreng', price: 3600, active: true }],
      ['W0010', { ...beras, active: true }],
    ]);
    const find = async (sku: string) => catalog.get(sku) ?? null;
    const back = await recheckCart(JSON.parse(JSON.stringify(saved)), find);
    expect(back.lines[0]).toMatchObject({ name: 'Indomie Goreng', price: 3600, unitPrice: 3000 });
    expect(toInput(back).lines[0].unitPrice).toBe(3000);

    // The catalog now sells it at the typed price: nothing is typed any more.
    catalog.set('W0001', { ...mie, price: 3000, active: true });
    expect((await recheckCart(saved, find)).lines[0]).not.toHaveProperty('unitPrice');

    // The product was deleted (or deactivated): its line, typed price and all, is gone.
    catalog.delete('W0001');
    expect((await recheckCart(saved, find)).lines.map((l) => l.sku)).toEqual(['W0010']);
    catalog.set('W0001', { ...mie, active: false });
    expect((await recheckCart(saved, find)).lines.map((l) => l.sku)).toEqual(['W0010']);

    // Nothing left: the bill discount goes with it.
    catalog.clear();
    expect(await recheckCart(setCartDiscount(saved, 500), find)).toEqual(emptyCart());

    // The catalog cannot answer now: the line stays as saved.
    const offline = await recheckCart(saved, async () => {
      throw new Error('busy');
    });
    expect(offline).toEqual(saved);
  });
});
