// The one typed interface the screens talk to. Two implementations: tauri.ts (the real till)
// and mock.ts (in the browser, for development and tests).
import type {
  AppError,
  CartInput,
  CheckoutInput,
  ImportResult,
  LookupView,
  MovementInput,
  PairInput,
  ProductInput,
  ProductView,
  ProofView,
  QuoteView,
  ReportQuery,
  ReportView,
  SaleSummaryView,
  SaleView,
  SettingsInput,
  ShopSetupInput,
  ShopView,
  StockLevelView,
  SyncView,
} from './types.gen';

export interface Backend {
  shop(): Promise<ShopView>;
  setupShop(input: ShopSetupInput): Promise<ShopView>;
  saveSettings(input: SettingsInput): Promise<ShopView>;

  lookup(text: string): Promise<LookupView>;
  categories(): Promise<string[]>;
  browse(category: string): Promise<ProductView[]>;
  favourites(): Promise<ProductView[]>;

  products(query: string | null): Promise<ProductView[]>;
  saveProduct(input: ProductInput): Promise<ProductView>;
  deleteProduct(id: string): Promise<null>;
  importCsv(text: string): Promise<ImportResult>;
  exportCsv(): Promise<string>;
  recordMovement(input: MovementInput): Promise<ProductView>;
  lowStock(): Promise<StockLevelView[]>;

  quote(cart: CartInput): Promise<QuoteView>;
  checkout(input: CheckoutInput): Promise<SaleView>;
  sale(id: string): Promise<SaleView>;
  saleByReceipt(receiptNo: string): Promise<SaleView>;
  recentSales(limit: number, wholeShop: boolean): Promise<SaleSummaryView[]>;

  report(query: ReportQuery): Promise<ReportView>;

  syncStatus(): Promise<SyncView>;
  pair(input: PairInput): Promise<SyncView>;
  unpair(): Promise<SyncView>;
  syncNow(): Promise<SyncView>;
  proof(): Promise<ProofView>;
  /** Calls `cb` whenever the sync state changes; returns the unsubscribe function. */
  onSyncStatus(cb: (view: SyncView) => void): Promise<() => void>;
}

/** Whatever a command rejected with, as an AppError: never a raw stack trace for the UI. */
export function toAppError(e: unknown): AppError {
  if (e && typeof e === 'object' && 'code' in e && typeof (e as AppError).code === 'string') {
    const a = e as Partial<AppError>;
    return { code: a.code as string, message: a.message ?? '', field: a.field ?? null };
  }
  return { code: 'other', message: e instanceof Error ? e.message : String(e), field: null };
}

export function appError(code: string, message = '', field: string | null = null): AppError {
  return { code, message, field };
}
