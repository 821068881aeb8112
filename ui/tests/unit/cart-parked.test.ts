import { describe, expect, it } from 'vitest';
import { emptyCart, type Cart } from '../../src/lib/stores/cart';
import { MAX_PARKED, itemCount, park, parseParked, removeParked, resume } from '../../src/lib/stores/cart-parked';

const line = (id: string, qtyMilli = 1000) => ({
  productId: id,
  sku: id,
  name: id,
  unit: 'pcs',
  price: 1000,
  soldByWeight: false,
  qtyMilli,
  discount: 0,
});
const cartOf = (...ids: string[]): Cart => ({ lines: ids.map((i) => line(i)), discount: 0 });

describe('parked carts', () => {
  it('parks a non-empty cart only, up to the limit', () => {
    expect(park([], emptyCart(), 1, 'a')).toEqual([]);
    let list = park([], cartOf('x'), 1, 'a');
    expect(list).toHaveLength(1);
    for (let i = 0; i < 20; i++) list = park(list, cartOf('y'), i, `p${i}`);
    expect(list).toHaveLength(MAX_PARKED);
  });
  it('resuming parks the current cart first: nothing is lost', () => {
    const list = park([], cartOf('x'), 1, 'a');
    const r = resume(list, 'a', cartOf('y'), 2, 'b')!;
    expect(r.cart.lines[0].productId).toBe('x');
    expect(r.list).toHaveLength(1);
    expect(r.list[0].cart.lines[0].productId).toBe('y');
    const r2 = resume(list, 'a', emptyCart(), 2, 'b')!;
    expect(r2.list).toHaveLength(0);
    expect(resume(list, 'nope', emptyCart(), 2, 'b')).toBeNull();
  });
  it('resume fits even when the list is full', () => {
    let list: ReturnType<typeof park> = [];
    for (let i = 0; i < MAX_PARKED; i++) list = park(list, cartOf('y'), i, `p${i}`);
    const r = resume(list, 'p3', cartOf('z'), 99, 'new')!;
    expect(r.list).toHaveLength(MAX_PARKED);
    expect(r.list[0].id).toBe('new');
  });
  it('removes, counts and parses', () => {
    const list = park(park([], cartOf('x'), 1, 'a'), cartOf('y', 'z'), 2, 'b');
    expect(removeParked(list, 'a').map((p) => p.id)).toEqual(['b']);
    expect(itemCount({ lines: [line('a', 3000), line('b')], discount: 0 })).toBe(4);
    expect(parseParked(JSON.stringify(list))).toEqual(list);
    expect(parseParked('junk')).toEqual([]);
    expect(parseParked(JSON.stringify([{ id: 'q', parkedAt: 1, cart: { lines: [] } }]))).toEqual([]);
  });
});
