// How a shift's counted money reads: short (less than expected), over, or exact.
export type Tally = 'short' | 'over' | 'exact' | 'uncounted';

export function tally(difference: number | null): Tally {
  if (difference === null) return 'uncounted';
  return difference < 0 ? 'short' : difference > 0 ? 'over' : 'exact';
}
