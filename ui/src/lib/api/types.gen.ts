// Generated from crates/laris-app/src/dto by `cargo test -p laris-app bindings` with
// LARIS_UPDATE_BINDINGS=1. Do not edit: change the Rust types instead.

export type AppError = { code: string, message: string, 
/**
 * The input field at fault, when there is one (`price`, `qty`, ...).
 */
field: string | null, };

export type ProductView = { id: string, sku: string, name: string, category: string | null, unit: string, price: number, cost: number, soldByWeight: boolean, trackStock: boolean, minStockMilli: number, 
/**
 * None when stock is not tracked.
 */
stockMilli: number | null, active: boolean, barcodes: Array<string>, };

export type LookupView = { exact: ProductView | null, matches: Array<ProductView>, };

export type ProductInput = { id: string | null, sku: string, name: string, category: string | null, unit: string, price: number, cost: number, soldByWeight: boolean, trackStock: boolean, minStockMilli: number, barcodes: Array<string>, };

export type MovementKindInput = "restock" | "adjustment";

export type MovementInput = { productId: string, kind: MovementKindInput, qtyMilli: number, reason: string | null, };

export type StockLevelView = { productId: string, sku: string, name: string, unit: string, levelMilli: number, minStockMilli: number, };

export type ImportResult = { created: number, updated: number, unchanged: number, };

export type CartInput = { lines: Array<CartLineInput>, discount: number, };

export type CartLineInput = { productId: string, qtyMilli: number, discount: number, };

export type QuoteView = { lines: Array<LineQuote>, gross: number, lineDiscount: number, cartDiscount: number, tax: number, rounding: number, total: number, };

export type LineQuote = { gross: number, discount: number, 
/**
 * `gross - discount`.
 */
net: number, };

export type TenderMethod = "cash" | "qris" | "transfer";

export type TenderInput = { method: TenderMethod, 
/**
 * Cash: what was handed over. QRIS / transfer: the amount paid.
 */
amount: number, reference: string | null, };

export type CheckoutInput = { cart: CartInput, tenders: Array<TenderInput>, cashier: string | null, };

export type SaleView = { id: string, receiptNo: string, 
/**
 * Unix ms.
 */
createdAt: number, 
/**
 * Shop-local date and time, e.g. `2026-11-27 14:05 WIB`.
 */
localTime: string, cashier: string | null, lines: Array<SaleLineView>, payments: Array<PaymentView>, gross: number, discount: number, tax: number, rounding: number, total: number, tendered: number, change: number, 
/**
 * The receipt as printed on 58 mm paper (32 columns), in Bahasa Indonesia.
 */
receiptText: string, };

export type SaleLineView = { name: string, unit: string, qtyMilli: number, unitPrice: number, discount: number, net: number, };

export type PaymentView = { method: TenderMethod, amount: number, tendered: number, reference: string | null, };

export type SaleSummaryView = { id: string, receiptNo: string, createdAt: number, localTime: string, total: number, lineCount: number, methods: Array<TenderMethod>, 
/**
 * Rung up on this till (false: pulled from another till of the shop).
 */
thisTill: boolean, };

export type ReportScope = "till" | "shop";

export type ReportQuery = { from: string, to: string, scope: ReportScope, };

export type ReportView = { from: string, to: string, 
/**
 * `WIB`, `WITA` or `WIT`.
 */
timezone: string, totals: TotalsView, byMethod: Array<MethodView>, 
/**
 * All 24 shop-local hours, zero where nothing sold.
 */
byHour: Array<HourView>, bestSellers: Array<BestSellerView>, lowStock: Array<StockLevelView>, };

export type TotalsView = { sales: number, gross: number, discounts: number, tax: number, total: number, 
/**
 * Net of discounts and PPN.
 */
revenue: number, cost: number, grossProfit: number, averageBasket: number, };

export type MethodView = { method: string, payments: number, amount: number, };

export type HourView = { hour: number, sales: number, total: number, };

export type BestSellerView = { sku: string, name: string, qtyMilli: number, amount: number, profit: number, };

export type ShopView = { initialised: boolean, 
/**
 * This till's receipt prefix, e.g. `A`.
 */
deviceCode: string | null, name: string, address: string, receiptFooter: string, 
/**
 * `WIB`, `WITA` or `WIT`.
 */
timezone: string, 
/**
 * `none`, `inclusive` or `exclusive`.
 */
taxMode: string, 
/**
 * Basis points: 11% is 1100.
 */
taxRateBp: number, 
/**
 * `none`, `100` or `500`: the amount due rounded to that many Rupiah.
 */
rounding: string, 
/**
 * Today, shop-local, `YYYY-MM-DD`.
 */
today: string, 
/**
 * Where the database lives, for the settings screen.
 */
databasePath: string, };

export type ShopSetupInput = { name: string, deviceCode: string, timezone: string, };

export type SettingsInput = { name: string, address: string, receiptFooter: string, timezone: string, taxMode: string, taxRateBp: number, rounding: string, };

export type SyncConnectivity = "unpaired" | "online" | "offline" | "syncing" | "refused";

export type SyncView = { connectivity: SyncConnectivity, 
/**
 * Events (sales, stock movements, product edits) the server has not acknowledged.
 */
pending: number, 
/**
 * Unix ms of the last completed round.
 */
lastSuccessAt: number | null, lastErrorCode: string | null, lastErrorMessage: string | null, serverUrl: string | null, storeName: string | null, };

export type PairInput = { 
/**
 * `http://host:port` of the laris-server.
 */
serverUrl: string, 
/**
 * The owner's single-use pairing code.
 */
code: string, deviceName: string | null, 
/**
 * The receipt prefix to print with from now on, when the server said another till of the
 * store has this one's (None or the current one: unchanged).
 */
deviceCode: string | null, };

export type ProofView = { deviceCode: string, 
/**
 * Sales of this till the server holds.
 */
serverSales: number, serverTotal: number, 
/**
 * Sales of this till up to the server's last seq.
 */
localSales: number, localTotal: number, 
/**
 * The highest event number the server holds.
 */
upTo: number, 
/**
 * The till's last event number; beyond `upTo` not sent yet.
 */
deviceLastSeq: number, gaps: number, doubles: number, missing: number, totalsMatch: boolean, 
/**
 * Everything agrees.
 */
matches: boolean, 
/**
 * The one-line English summary, as `laris sync --verify` prints it.
 */
summary: string, };
