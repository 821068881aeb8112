// The mock's reports, computed from its sales as laris-core's report.rs does.
import { localDate, localHour } from './mock-time';
import type { BestSellerView, ReportQuery, ReportView, StockLevelView } from './types.gen';
import type { MockReturn, MockSale } from './mock-state';

export function buildReport(
  sales: MockSale[],
  query: ReportQuery,
  tz: string,
  lowStock: StockLevelView[],
  returns: MockReturn[] = [],
): ReportView {
  const picked = sales.filter((s) => {
    const day = localDate(s.view.createdAt, tz);
    return day >= query.from && day <= query.to && (query.scope === 'shop' || s.thisTill);
  });
  const totals = {
    sales: picked.length,
    gross: 0,
    discounts: 0,
    tax: 0,
    total: 0,
    revenue: 0,
    cost: 0,
    grossProfit: 0,
    averageBasket: 0,
    returns: 0,
    returned: 0,
    netTotal: 0,
    profitAfterReturns: 0,
  };
  const byMethod = new Map<string, { payments: number; amount: number }>();
  const byHour = Array.from({ length: 24 }, (_, hour) => ({ hour, sales: 0, total: 0 }));
  const best = new Map<string, BestSellerView>();
  for (const s of picked) {
    const v = s.view;
    totals.gross += v.gross;
    totals.discounts += v.discount;
    totals.tax += v.tax;
    totals.total += v.total;
    totals.revenue += v.total - v.tax - v.rounding;
    totals.cost += s.cost;
    for (const p of v.payments) {
      const m = byMethod.get(p.method) ?? { payments: 0, amount: 0 };
      m.payments += 1;
      m.amount += p.amount;
      byMethod.set(p.method, m);
    }
    const h = byHour[localHour(v.createdAt, tz)];
    h.sales += 1;
    h.total += v.total;
    v.lines.forEach((l, i) => {
      const b = best.get(s.skus[i]) ?? { sku: s.skus[i], name: l.name, qtyMilli: 0, amount: 0, profit: 0 };
      b.qtyMilli += l.qtyMilli;
      b.amount += l.net;
      b.profit += l.net - s.lineCosts[i];
      best.set(s.skus[i], b);
    });
  }
  totals.grossProfit = totals.revenue - totals.cost;
  totals.averageBasket = totals.sales ? Math.round(totals.total / totals.sales) : 0;
  // Returns made in the period (whatever day their sale was), as report.rs counts them.
  let returnedCost = 0;
  for (const r of returns) {
    const day = localDate(r.view.createdAt, tz);
    if (day < query.from || day > query.to || (query.scope === 'till' && !r.thisTill)) continue;
    totals.returns += 1;
    totals.returned += r.view.amount;
    returnedCost += r.cost;
  }
  totals.netTotal = totals.total - totals.returned;
  totals.profitAfterReturns = totals.grossProfit - (totals.returned - returnedCost);
  return {
    from: query.from,
    to: query.to,
    timezone: tz,
    totals,
    byMethod: [...byMethod.entries()]
      .map(([method, m]) => ({ method, ...m }))
      .sort((a, b) => b.amount - a.amount),
    byHour,
    bestSellers: [...best.values()]
      .sort((a, b) => b.amount - a.amount || a.sku.localeCompare(b.sku))
      .slice(0, 10),
    lowStock,
  };
}
