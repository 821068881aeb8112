// Stock counts and restock costs for the mock, as laris-core's ledger/stock.rs reckons them.
// Quantities are milli-units, money whole Rupiah, rounding half up.
import { divRoundHalfUp } from './mock-pricing';

export type CostMethod = 'average' | 'last';

/** A product's cost after a restock of `qtyMilli` at `unitCost`: the moving average over what
 * is in stock (a negative level counts as none) and what arrived, or simply the last cost. */
export function costAfterRestock(method: CostMethod, levelMilli: number, cost: number, qtyMilli: number, unitCost: number): number {
  if (method === 'last') return unitCost;
  const level = BigInt(Math.max(levelMilli, 0));
  const qty = BigInt(qtyMilli);
  if (level + qty === 0n) return unitCost;
  return divRoundHalfUp(level * BigInt(cost) + qty * BigInt(unitCost), level + qty);
}

/** The value at cost of a counted difference: difference × cost / 1000, rounded half up. */
export function countValue(differenceMilli: number, unitCost: number): number {
  return divRoundHalfUp(BigInt(differenceMilli) * BigInt(unitCost), 1000n);
}
