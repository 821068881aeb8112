// Records the mock keeps beside the views it returns.
import type { SaleView } from './types.gen';

export interface MockSale {
  view: SaleView;
  /** Cost of goods of the whole sale, for gross profit. */
  cost: number;
  /** Per line, parallel to view.lines: the SKU and the line's cost. */
  skus: string[];
  lineCosts: number[];
  thisTill: boolean;
  synced: boolean;
}
