// Shifts for the mock, as laris-core's shift module reckons them: a shift's sales, returns and
// kasbon repayments are this till's, made while it was open (the mock tags them with the
// shift's id when they are made). Per method (always cash, QRIS, transfer): takings = what the
// sales' payments took (the `amount`, so change given back is not takings) − what returns paid
// back that way + kasbon repayments that way; expected cash = float + takings + cash in − cash
// out, the other methods' expected = their takings.
import type { CashMoveView, ShiftMethodView, ShiftView, TenderMethod } from './types.gen';

export const SHIFT_METHODS: TenderMethod[] = ['cash', 'qris', 'transfer'];

export interface MockShift {
  id: string;
  deviceCode: string | null;
  thisTill: boolean;
  openedAt: number;
  openedBy: string | null;
  float: number;
  closedAt: number | null;
  closedBy: string | null;
  cashMoves: CashMoveView[];
  counted: { cash: number | null; qris: number | null; transfer: number | null };
  note: string | null;
}

/** What a shift's reckoning reads of its sales, returns and repayments. */
export interface ShiftActivity {
  sales: { total: number; payments: { method: TenderMethod; amount: number }[] }[];
  /** `credited`: what of a return went back on a customer's kasbon, not out of the drawer. */
  returns: { method: TenderMethod; amount: number; credited?: number }[];
  repayments: { method: TenderMethod | null; amount: number }[];
}

export function shiftView(s: MockShift, a: ShiftActivity): ShiftView {
  const cashIn = s.cashMoves.filter((m) => m.kind === 'in').reduce((t, m) => t + m.amount, 0);
  const cashOut = s.cashMoves.filter((m) => m.kind === 'out').reduce((t, m) => t + m.amount, 0);
  const paid = (m: TenderMethod) =>
    a.sales.reduce((t, sale) => t + sale.payments.filter((p) => p.method === m).reduce((x, p) => x + p.amount, 0), 0);
  const methods: ShiftMethodView[] = SHIFT_METHODS.map((method) => {
    const takings =
      paid(method) -
      a.returns.filter((r) => r.method === method).reduce((t, r) => t + r.amount - (r.credited ?? 0), 0) +
      a.repayments.filter((r) => r.method === method).reduce((t, r) => t + r.amount, 0);
    const expected = method === 'cash' ? s.float + takings + cashIn - cashOut : takings;
    const counted = s.counted[method as 'cash' | 'qris' | 'transfer'];
    return { method, takings, expected, counted, difference: counted === null ? null : counted - expected };
  });
  return {
    id: s.id,
    deviceCode: s.deviceCode,
    thisTill: s.thisTill,
    openedAt: s.openedAt,
    openedBy: s.openedBy,
    float: s.float,
    closedAt: s.closedAt,
    closedBy: s.closedBy,
    saleCount: a.sales.length,
    salesTotal: a.sales.reduce((t, x) => t + x.total, 0),
    kasbonCharged: paid('kasbon'),
    refunds: a.returns.reduce((t, r) => t + r.amount, 0),
    cashIn,
    cashOut,
    methods,
    cashMoves: s.cashMoves.map((m) => ({ ...m })),
    note: s.note,
  };
}
