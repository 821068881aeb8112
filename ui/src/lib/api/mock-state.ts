// Records the mock keeps beside the views it returns.
import type { ReturnView, SaleView } from './types.gen';

export interface MockSale {
  view: SaleView;
  /** Cost of goods of the whole sale, for gross profit. */
  cost: number;
  /** Per line, parallel to view.lines: the SKU and the line's cost. */
  skus: string[];
  lineCosts: number[];
  /** Per line: the product, and whether the sale took it out of stock (a return puts it back). */
  productIds: string[];
  tracked: boolean[];
  thisTill: boolean;
  synced: boolean;
  /** The shift open on this till when it was rung up (null: none open). */
  shiftId?: string | null;
  /** The customer whose kasbon took the rest of the total. */
  customerId?: string | null;
  /** The QRIS part recorded unverified (not seen arriving before the sale was finished). */
  unverifiedQris?: number;
}

/** A void or refund, with the cost of goods it took back (for profit after returns). */
export interface MockReturn {
  view: ReturnView;
  cost: number;
  /** Parallel to view.lines. */
  lineCosts: number[];
  thisTill: boolean;
  /** The shift open on this till when it was made. */
  shiftId?: string | null;
  /** What of it went back on the customer's kasbon. */
  credited?: number;
}
