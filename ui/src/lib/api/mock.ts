// The in-browser backend: the same commands and errors as the Tauri one, over memory.
// Used by `vite dev`, Vitest and Playwright; never by the real till.
import { DEVICE_CODE_MAX_LEN, normalizeDeviceCode } from '../pairing';
import { appError, type Backend } from './backend';
import { MOCK_CATALOG } from './mock-catalog';
import { catalogCsv, parseCatalogCsv } from './mock-csv';
import { allocate, checkPrice, price, type PricingRules, type Rounding, type TaxMode } from './mock-pricing';
import { receiptText } from './mock-receipt';
import { formatMoney } from '../format';
import { buildReport } from './mock-report';
import type { MockReturn, MockSale } from './mock-state';
import { checkedReason, mostPaid, priceReturn, type ReturnRequestLine } from './mock-returns';
import { MockPeople } from './mock-people';
import { approvalCode as makeApprovalCode, codeMatches, keyText, parseKey } from './mock-approval';
import { MockSync } from './mock-sync';
import { checkedCustomer, MockKasbon } from './mock-kasbon';
import { shiftView, type MockShift } from './mock-shifts';
import { costAfterRestock, countValue, type CostMethod } from './mock-stock';
import { compactDate, localDate, localTime } from './mock-time';
import { MockPrinter } from './mock-printing';
import { receiptImage, type DrawReceipt } from './mock-receipt-image';
import { reconcile, type SettlementSale } from './mock-settlement';
import { dynamicQris, parseQris, QrisError, type Qris } from '../qris';
import { LIMITS } from './types.gen';
import type {
  ApprovalCodeInput,
  CashMoveInput,
  CloseShiftInput,
  CountInput,
  CountView,
  CustomerAccountView,
  CustomerInput,
  CustomerView,
  OpenShiftInput,
  OrderCartView,
  RepaymentInput,
  ShiftStatusView,
  ShiftView,
  TenderInput,
  AuditEntryView,
  LogInInput,
  OnDutyView,
  OwnPinInput,
  OwnerSetupInput,
  PersonChangeInput,
  PersonInput,
  PersonView,
  PinResetInput,
  CartInput,
  CheckoutInput,
  ImportResult,
  LookupView,
  MovementInput,
  OverRefundView,
  RefundInput,
  ReturnKindView,
  ReturnView,
  TenderMethod,
  VoidInput,
  PairInput,
  PrintJobView,
  PrintStatusView,
  PrinterSettingsView,
  QrisCheckView,
  QrisPaymentView,
  ReceiptImageView,
  SavedFileView,
  ReconciliationView,
  UnverifiedQrisView,
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
  SignUpInput,
  SyncView,
} from './types.gen';

const FAVOURITES = LIMITS.maxFavourites;
const LIST_LIMIT = 50;
const ZONES = ['WIB', 'WITA', 'WIT'];

export interface MockOptions {
  initialised?: boolean;
  /** Start with no products, as a real first run does (the onboarding panel). */
  emptyCatalog?: boolean;
  now?: () => number;
  /** How long the mock printer spends on each of "queued" and "printing" (ms). */
  printStepMs?: number;
  /** Draws the receipt picture (receiptImage); the browser's canvas unless given (Vitest has none). */
  drawReceipt?: DrawReceipt;
}

/** How far back the list of unconfirmed QRIS sales looks (laris-app qris.rs). */
const UNVERIFIED_QRIS_DAYS = 31;

/** A payload checked as laris-app's `checked`: refused as `invalid_input` on `field`. */
function checkedQris(payload: string, field = 'qris_payload'): Qris {
  try {
    return parseQris(payload.trim());
  } catch (e) {
    if (e instanceof QrisError) throw appError('invalid_input', e.message, field);
    throw e;
  }
}

type Product = Omit<ProductView, 'stockMilli' | 'pinned'>;

const clone = <T>(v: T): T => structuredClone(v);

export class MockBackend implements Backend {
  private now: () => number;
  private shopView: ShopView;
  private productsById = new Map<string, Product>();
  private stock = new Map<string, number>();
  private soldMilli = new Map<string, number>();
  /** Pinned favourites of this till, in the order they were pinned. */
  private pins: string[] = [];
  private sales: MockSale[] = [];
  private returnsMade: MockReturn[] = [];
  private receiptCounters = new Map<string, number>();
  private nextId = 1;
  readonly kasbon = new MockKasbon();
  private shiftList: MockShift[] = [];
  private countList: CountView[] = [];
  private supplierNames: string[] = [];
  readonly sync: MockSync;
  readonly staff: MockPeople;
  readonly printer: MockPrinter;
  private drawReceipt: DrawReceipt | undefined;
  /** Sales whose QRIS money someone confirmed after the sale (the `qris_confirmed` entries). */
  private qrisConfirmed = new Set<string>();

  constructor(opts: MockOptions = {}) {
    this.now = opts.now ?? (() => Date.now());
    const initialised = opts.initialised ?? true;
    this.shopView = {
      initialised,
      deviceCode: initialised ? 'A' : null,
      name: initialised ? 'Warung Laris Manis' : '',
      address: initialised ? 'Jl. Merdeka 1' : '',
      receiptFooter: 'Terima kasih',
      timezone: 'WIB',
      taxMode: 'none',
      taxRateBp: 0,
      rounding: 'none',
      maxDiscountBp: 10_000,
      costMethod: 'average',
      today: '',
      databasePath: '(browser memory)',
      qrisPayload: '',
      qrisMerchant: null,
    };
    (opts.emptyCatalog ? [] : MOCK_CATALOG).forEach((row, i) => {
      const id = `p-${row.sku}`;
      const weight = row.soldByWeight;
      this.productsById.set(id, {
        id,
        sku: row.sku,
        name: row.name,
        category: row.category || null,
        unit: row.unit,
        price: row.price,
        cost: row.cost,
        soldByWeight: weight,
        trackStock: true,
        minStockMilli: weight ? 2000 : 5000,
        active: true,
        barcodes: row.barcode ? [row.barcode] : [],
      });
      // Every 7th item runs low, so the low-stock views have something to show.
      this.stock.set(id, i % 7 === 3 ? 2000 : weight ? 20_000 : 24_000);
    });
    this.sync = new MockSync(() => this.sales, this.now);
    this.staff = new MockPeople(this.now);
    this.printer = new MockPrinter(opts.printStepMs);
    this.drawReceipt = opts.drawReceipt;
  }

  // ---- shop ----

  private tz(): string {
    return this.shopView.timezone;
  }

  private rules(): PricingRules {
    return {
      taxMode: this.shopView.taxMode as TaxMode,
      taxRateBp: this.shopView.taxRateBp,
      rounding: this.shopView.rounding as Rounding,
    };
  }

  private requireShop(): void {
    if (!this.shopView.initialised) throw appError('not_initialised', 'set up the shop first');
  }

  async shop(): Promise<ShopView> {
    let qrisMerchant: string | null;
    try {
      const q = parseQris(this.shopView.qrisPayload);
      qrisMerchant = `${q.merchantName}, ${q.merchantCity}`;
    } catch {
      qrisMerchant = null;
    }
    return { ...this.shopView, qrisMerchant, today: localDate(this.now(), this.tz()) };
  }

  async setupShop(input: ShopSetupInput): Promise<ShopView> {
    if (this.shopView.initialised) throw appError('already_initialised', 'the shop is set up');
    const name = input.name.trim();
    if (!name) throw appError('invalid_input', 'the shop needs a name', 'name');
    const device = normalizeDeviceCode(input.deviceCode);
    if (!device.ok) {
      throw appError('invalid_input', `use 1 to ${DEVICE_CODE_MAX_LEN} letters or digits, e.g. A`, 'device_code');
    }
    const code = device.code;
    if (!ZONES.includes(input.timezone)) throw appError('invalid_input', 'unknown zone', 'timezone');
    Object.assign(this.shopView, { initialised: true, name, deviceCode: code, timezone: input.timezone });
    return this.shop();
  }

  async saveSettings(input: SettingsInput): Promise<ShopView> {
    this.requireShop();
    if (!input.name.trim()) throw appError('invalid_input', 'the shop needs a name', 'name');
    if (!ZONES.includes(input.timezone)) throw appError('invalid_input', 'unknown zone', 'timezone');
    if (!['none', 'inclusive', 'exclusive'].includes(input.taxMode)) {
      throw appError('invalid_input', 'not none, inclusive or exclusive', 'tax_mode');
    }
    if (!Number.isInteger(input.taxRateBp) || input.taxRateBp < 0 || input.taxRateBp > 10_000) {
      throw appError('invalid_input', 'must be between 0% and 100%', 'tax_rate');
    }
    if (!['none', '100', '500'].includes(input.rounding)) {
      throw appError('invalid_input', 'not none, 100 or 500', 'rounding');
    }
    const maxDiscountBp = input.maxDiscountBp ?? this.shopView.maxDiscountBp;
    if (!Number.isInteger(maxDiscountBp) || maxDiscountBp < 0 || maxDiscountBp > 10_000) {
      throw appError('invalid_input', 'must be between 0% and 100%', 'max_discount');
    }
    const costMethod = input.costMethod ?? this.shopView.costMethod;
    if (!['average', 'last'].includes(costMethod)) throw appError('invalid_input', 'not average or last', 'cost_method');
    // Left out: unchanged; '' removes it; anything else must be a QRIS (laris-core checks it).
    const qrisPayload = input.qrisPayload === undefined ? this.shopView.qrisPayload : input.qrisPayload.trim();
    if (qrisPayload !== '') checkedQris(qrisPayload);
    this.staff.authority(input.ownerPin)('settings_changed', null, 'settings saved');
    Object.assign(this.shopView, {
      maxDiscountBp,
      costMethod,
      name: input.name.trim(),
      address: input.address.trim(),
      receiptFooter: input.receiptFooter.trim(),
      timezone: input.timezone,
      taxMode: input.taxMode,
      taxRateBp: input.taxRateBp,
      rounding: input.rounding,
      qrisPayload,
    });
    return this.shop();
  }

  // ---- catalog ----

  private view(p: Product): ProductView {
    return clone({
      ...p,
      stockMilli: p.trackStock ? (this.stock.get(p.id) ?? 0) : null,
      pinned: this.pins.includes(p.id),
    });
  }

  private active(): Product[] {
    return [...this.productsById.values()].filter((p) => p.active);
  }

  private bySales(a: Product, b: Product): number {
    return (this.soldMilli.get(b.id) ?? 0) - (this.soldMilli.get(a.id) ?? 0);
  }

  private exact(text: string): Product | undefined {
    const t = text.trim().toLowerCase();
    return this.active().find((p) => p.sku.toLowerCase() === t || p.barcodes.includes(text.trim()));
  }

  private search(text: string, limit: number): Product[] {
    const words = text.toLowerCase().split(/\s+/).filter(Boolean);
    return this.active()
      .filter((p) => {
        const nameWords = p.name.toLowerCase().split(/[\s()/.,-]+/);
        return words.every((w) => nameWords.some((n) => n.startsWith(w)));
      })
      .sort((a, b) => this.bySales(a, b) || a.name.localeCompare(b.name))
      .slice(0, limit);
  }

  /** The mock has no shop server, so no store id to check an order code against: it refuses
   * as the real till does when it is not paired (the window does not offer codes yet). */
  async orderCart(code: string): Promise<OrderCartView> {
    void code;
    throw appError('invalid_input', 'this till is not paired with the shop\'s server', 'order_code');
  }

  async lookup(text: string): Promise<LookupView> {
    if (!text.trim()) return { exact: null, matches: [] };
    const exact = this.exact(text);
    if (exact) return { exact: this.view(exact), matches: [] };
    return { exact: null, matches: this.search(text, LIST_LIMIT).map((p) => this.view(p)) };
  }

  async categories(): Promise<string[]> {
    const cats = new Set(this.active().map((p) => p.category).filter((c): c is string => !!c));
    return [...cats].sort((a, b) => a.localeCompare(b));
  }

  async browse(category: string): Promise<ProductView[]> {
    return this.active()
      .filter((p) => p.category === category)
      .sort((a, b) => this.bySales(a, b) || a.sku.localeCompare(b.sku))
      .slice(0, LIST_LIMIT)
      .map((p) => this.view(p));
  }

  /** Pinned products first (in pin order), then the best sellers of the 30 days before today
   * (today's sales do not move the tiles under the cashier's finger), then by SKU. */
  async favourites(): Promise<ProductView[]> {
    const yesterday = localDate(this.now() - 86_400_000, this.tz());
    const from = localDate(this.now() - 30 * 86_400_000, this.tz());
    const report = buildReport(this.sales, { from, to: yesterday, scope: 'shop' }, this.tz(), []);
    const picked: Product[] = [];
    for (const id of this.pins) {
      const p = this.productsById.get(id);
      if (p && p.active && picked.length < FAVOURITES) picked.push(p);
    }
    for (const best of report.bestSellers) {
      const p = this.active().find((q) => q.sku === best.sku);
      if (p && !picked.includes(p) && picked.length < FAVOURITES) picked.push(p);
    }
    for (const p of this.active().sort((a, b) => a.sku.localeCompare(b.sku))) {
      if (picked.length >= FAVOURITES) break;
      if (!picked.includes(p)) picked.push(p);
    }
    return picked.map((p) => this.view(p));
  }

  async pinFavourite(id: string, pinned: boolean): Promise<ProductView[]> {
    const p = this.productsById.get(id);
    if (!p || !p.active) throw appError('unknown_product', id);
    if (!pinned) this.pins = this.pins.filter((x) => x !== id);
    else if (!this.pins.includes(id)) {
      if (this.pins.length >= FAVOURITES) throw appError('invalid_input', `at most ${FAVOURITES} favourites can be pinned`, 'pinned');
      this.pins.push(id);
    }
    return this.favourites();
  }

  async products(query: string | null): Promise<ProductView[]> {
    const q = query?.trim();
    if (!q) return this.active().sort((a, b) => a.name.localeCompare(b.name)).map((p) => this.view(p));
    const exact = this.exact(q);
    return (exact ? [exact] : this.search(q, 500)).map((p) => this.view(p));
  }

  async saveProduct(input: ProductInput): Promise<ProductView> {
    this.requireShop();
    const existing = input.id ? this.productsById.get(input.id) : undefined;
    if (input.id && (!existing || !existing.active)) throw appError('unknown_product', input.id);
    const sku = existing ? existing.sku : input.sku.trim();
    if (!sku) throw appError('invalid_input', 'a product needs a SKU', 'sku');
    if (!input.name.trim()) throw appError('invalid_input', 'a product needs a name', 'name');
    if (!input.unit.trim()) throw appError('invalid_input', 'a product needs a unit', 'unit');
    checkPrice('price', input.price);
    checkPrice('cost', input.cost);
    if (!Number.isInteger(input.minStockMilli) || input.minStockMilli < 0) {
      throw appError('invalid_input', 'must not be negative', 'min_stock');
    }
    const others = this.active().filter((p) => p.id !== existing?.id);
    if (others.some((p) => p.sku.toLowerCase() === sku.toLowerCase())) {
      throw appError('invalid_input', `${sku} is another product's SKU`, 'sku');
    }
    const barcodes = [...new Set(input.barcodes.map((b) => b.trim()).filter(Boolean))];
    for (const b of barcodes) {
      if (!/^[0-9A-Za-z-]{1,64}$/.test(b)) throw appError('invalid_input', `${b} is not a barcode`, 'barcode');
      if (others.some((p) => p.barcodes.includes(b))) {
        throw appError('invalid_input', `${b} is another product's barcode`, 'barcode');
      }
    }
    const id = existing?.id ?? `p-new-${this.nextId++}`;
    const p: Product = {
      id,
      sku,
      name: input.name.trim(),
      category: input.category?.trim() || null,
      unit: input.unit.trim(),
      price: input.price,
      cost: input.cost,
      soldByWeight: input.soldByWeight,
      trackStock: input.trackStock,
      minStockMilli: input.minStockMilli,
      active: true,
      barcodes,
    };
    // As laris-app's save_product: an opening stock only for a new, stock-tracked product.
    const opening = input.openingStockMilli ?? 0;
    if (opening !== 0) {
      if (existing) {
        throw appError('invalid_input', 'an opening stock is only for a new product; use restock or a count', 'opening_stock');
      }
      if (!Number.isInteger(opening) || opening < 0 || opening > LIMITS.maxQtyMilli) {
        throw appError('invalid_input', 'the opening stock must be between 0 and 100.000', 'opening_stock');
      }
      if (!p.trackStock) throw appError('invalid_input', 'stock of this product is not tracked', 'opening_stock');
    }
    this.productsById.set(id, p);
    if (opening > 0) this.stock.set(id, opening);
    return this.view(p);
  }

  async deleteProduct(id: string, ownerPin: string | null): Promise<null> {
    const p = this.productsById.get(id);
    if (!p || !p.active) throw appError('unknown_product', id);
    this.staff.authority(ownerPin)('product_deleted', id, `${p.name} (${p.sku}) deleted`);
    p.active = false;
    return null;
  }

  async importCsv(text: string): Promise<ImportResult> {
    this.requireShop();
    const rows = parseCatalogCsv(text);
    const result = { created: 0, updated: 0, unchanged: 0, openingStock: 0 };
    // Validate every row before writing any: all or nothing.
    const plans = rows.map((r, i) => {
      try {
        checkPrice('price', r.price);
        checkPrice('cost', r.cost);
      } catch {
        throw appError('import_rejected', `catalog CSV line ${i + 2}, column price_idr: not a plausible amount`);
      }
      return { row: r, existing: this.active().find((p) => p.sku === r.sku) };
    });
    for (const { row, existing } of plans) {
      const barcodes = row.barcode ? row.barcode.split(/\s+/) : [];
      const next: Product = {
        id: existing?.id ?? `p-${row.sku}`,
        sku: row.sku,
        name: row.name,
        category: row.category || null,
        unit: row.unit,
        price: row.price,
        cost: row.cost,
        soldByWeight: row.soldByWeight,
        trackStock: row.trackStock,
        minStockMilli: row.minStockMilli,
        active: true,
        barcodes,
      };
      if (!existing) {
        result.created++;
        if (row.openingStockMilli > 0) {
          this.stock.set(next.id, row.openingStockMilli);
          result.openingStock++;
        }
      } else if (JSON.stringify(existing) === JSON.stringify(next)) result.unchanged++;
      else result.updated++;
      this.productsById.set(next.id, next);
    }
    return result;
  }

  async exportCsv(): Promise<string> {
    return catalogCsv(this.active().sort((a, b) => a.sku.localeCompare(b.sku)).map((p) => this.view(p)));
  }

  async recordMovement(input: MovementInput): Promise<ProductView> {
    const p = this.productsById.get(input.productId);
    if (!p || !p.active) throw appError('unknown_product', input.productId);
    if (!Number.isInteger(input.qtyMilli) || input.qtyMilli === 0) {
      throw appError('invalid_input', 'quantity must not be zero', 'qty');
    }
    if (input.kind === 'restock' && input.qtyMilli < 0) {
      throw appError('invalid_input', 'a restock adds stock', 'qty');
    }
    if (input.kind === 'adjustment' && !input.reason?.trim()) {
      throw appError('invalid_input', 'say why the stock changed', 'reason');
    }
    const unitCost = input.kind === 'restock' ? (input.unitCost ?? null) : null;
    if (unitCost !== null) checkPrice('unit_cost', unitCost);
    const supplier = input.kind === 'restock' ? (input.supplier?.trim() ?? '') : '';
    const audited = input.kind === 'adjustment' ? this.staff.authority(input.ownerPin) : null;
    const before = this.stock.get(p.id) ?? 0;
    if (unitCost !== null) {
      p.cost = costAfterRestock(this.shopView.costMethod as CostMethod, before, p.cost, input.qtyMilli, unitCost);
    }
    if (supplier !== '' && !this.supplierNames.some((n) => n.toLowerCase() === supplier.toLowerCase())) {
      this.supplierNames.push(supplier);
    }
    this.stock.set(p.id, before + input.qtyMilli);
    audited?.('stock_adjusted', p.id, `${p.name} (${p.sku}): ${before} -> ${before + input.qtyMilli} milli`, input.reason?.trim());
    return this.view(p);
  }

  async lowStock(): Promise<StockLevelView[]> {
    return this.active()
      .filter((p) => p.trackStock && p.minStockMilli > 0 && (this.stock.get(p.id) ?? 0) <= p.minStockMilli)
      .map((p) => ({
        productId: p.id,
        sku: p.sku,
        name: p.name,
        unit: p.unit,
        levelMilli: this.stock.get(p.id) ?? 0,
        minStockMilli: p.minStockMilli,
      }));
  }

  // ---- selling ----

  private cartLines(cart: CartInput): Product[] {
    const seen = new Set<string>();
    return cart.lines.map((l) => {
      const p = this.productsById.get(l.productId);
      if (!p || !p.active) throw appError('unknown_product', l.productId);
      if (seen.has(p.id)) throw appError('invalid_input', `${p.name} is on two lines; keep it on one`, 'cart');
      seen.add(p.id);
      return p;
    });
  }

  private priced(cart: CartInput) {
    const products = this.cartLines(cart);
    // A typed price (laris-app's `cart`): 0 to the most a price may be.
    for (const l of cart.lines) if (l.unitPrice != null) checkPrice('unit_price', l.unitPrice);
    const totals = price(
      cart.lines.map((l, i) => ({
        qtyMilli: l.qtyMilli,
        unitPrice: l.unitPrice ?? products[i].price,
        unitCost: products[i].cost,
        discount: l.discount,
      })),
      cart.discount,
      this.rules(),
    );
    return { products, totals };
  }

  async quote(cart: CartInput): Promise<QuoteView> {
    this.requireShop();
    const { totals } = this.priced(cart);
    return {
      lines: totals.lines.map((l, i) => {
        const line = cart.lines[i];
        const p = this.productsById.get(line.productId);
        const stockAfterMilli = p?.trackStock ? (this.stock.get(p.id) ?? 0) - line.qtyMilli : null;
        return { gross: l.gross, discount: l.discount, net: l.gross - l.discount, stockAfterMilli };
      }),
      gross: totals.gross,
      lineDiscount: totals.lineDiscount,
      cartDiscount: totals.cartDiscount,
      tax: totals.tax,
      rounding: totals.rounding,
      total: totals.total,
    };
  }

  /** A typed price that differs from the catalog's, or a discount above the shop's limit: the
   * owner's PIN (once anyone is set up), asked here; laris-core's checkout. Returns what writes
   * their audit entries once the sale is made (one `price_overridden` for all typed prices, as
   * laris-core's does), so a checkout refused later leaves no entry. */
  private checkPricing(cart: CartInput, gross: number, discount: number, ownerPin: string | null): (saleId: string, receiptNo: string) => void {
    const maxBp = this.shopView.maxDiscountBp;
    const overLimit = maxBp < 10_000 && discount * 10_000 > gross * maxBp;
    const typed = cart.lines.flatMap((l) => {
      const p = this.productsById.get(l.productId)!;
      return l.unitPrice != null && l.unitPrice !== p.price ? [`${p.name}: ${formatMoney(l.unitPrice)} instead of ${formatMoney(p.price)}`] : [];
    });
    if (!overLimit && typed.length === 0) return () => {};
    const audited = this.staff.authority(ownerPin);
    return (saleId, receiptNo) => {
      if (typed.length) audited('price_overridden', saleId, `${receiptNo}: ${typed.join('; ')}`);
      if (overLimit) {
        const limit = `${Math.floor(maxBp / 100)}.${String(maxBp % 100).padStart(2, '0')}%`;
        audited('discount_over_limit', saleId, `${receiptNo}: discount ${formatMoney(discount)} of ${formatMoney(gross)} (limit ${limit})`);
      }
    };
  }

  async checkout(input: CheckoutInput): Promise<SaleView> {
    this.requireShop();
    const kasbon = input.kasbon ?? null;
    if (input.tenders.length === 0 && !kasbon) throw appError('invalid_input', 'choose how the customer pays', 'payment');
    if (input.tenders.some((t) => t.method === 'kasbon')) {
      throw appError('invalid_input', 'kasbon is not a tender: put the rest on a customer\'s account', 'payment');
    }
    const { products, totals } = this.priced(input.cart);
    const customer = kasbon ? this.kasbon.customer(kasbon.customerId) : null;
    if (kasbon?.dueDate != null && !/^\d{4}-\d{2}-\d{2}$/.test(kasbon.dueDate)) {
      throw appError('invalid_input', 'a due date is YYYY-MM-DD', 'due_date');
    }
    let paid: ReturnType<typeof allocate>;
    let charge = 0;
    if (customer) {
      paid = this.downPayment(totals.total, input.tenders);
      charge = totals.total - paid.tendered;
    } else {
      paid = allocate(totals.total, input.tenders);
    }
    const pricingAudit = this.checkPricing(input.cart, totals.gross, totals.lineDiscount + totals.cartDiscount, input.ownerPin ?? null);
    if (customer && kasbon) {
      const balance = this.kasbon.view(customer).balance;
      if (customer.creditLimit !== null && balance + charge > customer.creditLimit) {
        // An approval code from the owner's device instead of the PIN: for exactly this
        // customer and this charge, once (laris-core's checkout confirms it in the sale's
        // transaction).
        const code = kasbon.approvalCode?.trim();
        const now = this.now();
        const audited = code
          ? await this.staff.codeAuthority(code, 'kasbon', customer.name, charge, (key, c) =>
              codeMatches(key, c, 'kasbon', customer.name, charge, now),
            )
          : this.staff.authority(kasbon.ownerPin, 'over_credit_limit');
        audited(
          'credit_limit_exceeded',
          customer.id,
          `${customer.name}: Rp ${balance} + Rp ${charge} over the limit Rp ${customer.creditLimit}`,
        );
      }
      paid.payments.push({ method: 'kasbon', amount: charge, tendered: charge, reference: customer.name });
      paid.tendered += charge;
    }
    const now = this.now();
    const day = compactDate(now, this.tz());
    const n = (this.receiptCounters.get(day) ?? 0) + 1;
    this.receiptCounters.set(day, n);
    const cashier = this.staff.cashierName() ?? (input.cashier?.trim() || null);
    const base: Omit<SaleView, 'receiptText'> = {
      id: `s-${this.nextId++}`,
      receiptNo: `${this.shopView.deviceCode}-${day}-${String(n).padStart(4, '0')}`,
      createdAt: now,
      localTime: localTime(now, this.tz()),
      cashier,
      lines: input.cart.lines.map((l, i) => ({
        name: products[i].name,
        unit: products[i].unit,
        qtyMilli: l.qtyMilli,
        unitPrice: l.unitPrice ?? products[i].price,
        discount: l.discount,
        net: totals.lines[i].gross - totals.lines[i].discount,
      })),
      payments: paid.payments,
      gross: totals.gross,
      discount: totals.lineDiscount + totals.cartDiscount,
      tax: totals.tax,
      rounding: totals.rounding,
      total: totals.total,
      tendered: paid.tendered,
      change: paid.change,
    };
    // The receipt says what went on the account and what is owed right after (laris-core's
    // sale_kasbon); the charge itself is entered below.
    const onAccount =
      customer && charge > 0
        ? {
            customer: customer.name,
            charged: charge,
            owed: this.kasbon.view(customer).balance + charge,
            dueDay: kasbon?.dueDate ? Number(kasbon.dueDate.replaceAll('-', '')) : null,
          }
        : null;
    const view: SaleView = { ...base, receiptText: receiptText(base, this.shopView, undefined, onAccount) };
    pricingAudit(view.id, view.receiptNo);
    this.sales.push({
      view,
      cost: totals.cost,
      skus: products.map((p) => p.sku),
      lineCosts: totals.lines.map((l) => l.cost),
      productIds: products.map((p) => p.id),
      tracked: products.map((p) => p.trackStock),
      thisTill: true,
      synced: false,
      shiftId: this.openShiftRecord()?.id ?? null,
      customerId: customer?.id ?? null,
      // QRIS the cashier did not see arrive before finishing: unverified until confirmed.
      unverifiedQris: input.tenders.filter((t) => t.method === 'qris' && t.confirmed !== true).reduce((a, t) => a + t.amount, 0),
    });
    if (customer) {
      this.kasbon.entries.push({
        id: `k-${this.nextId++}`,
        customerId: customer.id,
        kind: 'charge',
        at: now,
        amount: charge,
        receiptNo: view.receiptNo,
        method: null,
        dueDate: kasbon?.dueDate ?? null,
        cashier,
        note: null,
        shiftId: null,
      });
    }
    input.cart.lines.forEach((l, i) => {
      const p = products[i];
      this.soldMilli.set(p.id, (this.soldMilli.get(p.id) ?? 0) + l.qtyMilli);
      if (p.trackStock) this.stock.set(p.id, (this.stock.get(p.id) ?? 0) - l.qtyMilli);
    });
    this.sync.saleRecorded();
    // laris-app queues the receipt itself when this till prints every sale.
    this.printer.afterSale(view.receiptNo);
    return clone(view);
  }

  /** The tenders of a kasbon sale: a down payment below the total (possibly nothing), non-cash
   * never above it, no change. */
  private downPayment(total: number, tenders: TenderInput[]): ReturnType<typeof allocate> {
    const dp = tenders.reduce((s, t) => s + t.amount, 0);
    if (dp >= total) throw appError('invalid_input', 'the down payment covers the total: nothing is left for kasbon', 'kasbon');
    // allocate checks each tender; with the total met by the DP it takes them as they are.
    const paid = tenders.length > 0 ? allocate(dp, tenders) : { payments: [], tendered: 0, change: 0 };
    return { payments: paid.payments, tendered: dp, change: 0 };
  }

  async sale(id: string): Promise<SaleView> {
    const s = this.sales.find((x) => x.view.id === id);
    if (!s) throw appError('unknown_sale', id);
    return clone(s.view);
  }

  async saleByReceipt(receiptNo: string): Promise<SaleView> {
    const s = this.sales.find((x) => x.view.receiptNo === receiptNo.trim());
    if (!s) throw appError('unknown_sale', receiptNo);
    return clone(s.view);
  }

  async recentSales(limit: number, wholeShop: boolean): Promise<SaleSummaryView[]> {
    return this.sales
      .filter((s) => wholeShop || s.thisTill)
      .slice()
      .reverse()
      .slice(0, limit)
      .map((s) => ({
        id: s.view.id,
        receiptNo: s.view.receiptNo,
        createdAt: s.view.createdAt,
        localTime: s.view.localTime,
        total: s.view.total,
        lineCount: s.view.lines.length,
        methods: [...new Set(s.view.payments.map((p) => p.method))],
        thisTill: s.thisTill,
      }));
  }

  async report(query: ReportQuery): Promise<ReportView> {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(query.from) || !/^\d{4}-\d{2}-\d{2}$/.test(query.to) || query.from > query.to) {
      throw appError('invalid_input', 'pick a valid day or range', 'date');
    }
    return buildReport(this.sales, query, this.tz(), await this.lowStock(), this.returnsMade);
  }

  // ---- voids and refunds (pricing in mock-returns.ts, as laris-core's sale/returns.rs) ----

  private findSale(id: string): MockSale {
    const s = this.sales.find((x) => x.view.id === id);
    if (!s) throw appError('unknown_sale', id);
    return s;
  }

  private returnsOf(saleId: string): MockReturn[] {
    return this.returnsMade.filter((r) => r.view.saleId === saleId);
  }

  private recordReturn(
    audited: ReturnType<MockPeople['authority']>,
    sale: MockSale,
    kind: ReturnKindView,
    requests: ReturnRequestLine[],
    method: TenderMethod,
    reasonText: string,
  ): ReturnView {
    const reason = checkedReason(reasonText);
    const priced = this.pricedReturn(sale, requests);
    const view: ReturnView = {
      id: `r-${this.nextId++}`,
      saleId: sale.view.id,
      kind,
      createdAt: this.now(),
      cashier: this.staff.cashierName(),
      reason,
      method,
      amount: priced.reduce((a, l) => a + l.amount, 0),
      lines: priced.map((l) => ({
        lineNo: l.lineNo,
        productId: sale.productIds[l.lineNo - 1],
        qtyMilli: l.qtyMilli,
        amount: l.amount,
      })),
    };
    const cost = priced.reduce((a, l) => a + l.cost, 0);
    const shiftId = this.openShiftRecord()?.id ?? null;
    // As laris-core: a void's kasbon part goes back on the customer's account whatever paid
    // the rest; a refund by kasbon at most what of the sale is still on it.
    const left = this.kasbonLeftOf(sale);
    let credited = 0;
    if (kind === 'void' && sale.customerId) credited = Math.max(0, Math.min(left, view.amount));
    if (kind === 'refund' && method === 'kasbon') {
      if (view.amount > left) {
        throw appError(
          'invalid_input',
          `only Rp ${Math.max(0, left)} of this sale is on kasbon: refund the rest in cash`,
          'method',
        );
      }
      credited = view.amount;
    }
    this.returnsMade.push({ view, cost, lineCosts: priced.map((l) => l.cost), thisTill: true, shiftId, credited });
    if (credited > 0 && sale.customerId) {
      // Back on the customer's account: it pays off their oldest kasbon first.
      this.kasbon.entries.push({
        id: `k-${this.nextId++}`,
        customerId: sale.customerId,
        kind: 'refund',
        at: view.createdAt,
        amount: credited,
        receiptNo: sale.view.receiptNo,
        method: null,
        dueDate: null,
        cashier: view.cashier,
        note: reason,
        shiftId,
      });
    }
    for (const l of priced) {
      const id = sale.productIds[l.lineNo - 1];
      if (sale.tracked[l.lineNo - 1]) this.stock.set(id, (this.stock.get(id) ?? 0) + l.qtyMilli);
    }
    audited(
      kind === 'void' ? 'sale_voided' : 'sale_refunded',
      sale.view.id,
      `${kind} ${sale.view.receiptNo}: ${view.amount} back by ${method}, ${priced.length} line(s)`,
      reason,
    );
    return clone(view);
  }

  /** A return's lines priced as laris-core prices them (shares of what was paid). */
  private pricedReturn(sale: MockSale, requests: ReturnRequestLine[]) {
    const done = this.returnsOf(sale.view.id).flatMap((r) =>
      r.view.lines.map((l, i) => ({ lineNo: l.lineNo, qtyMilli: l.qtyMilli, amount: l.amount, cost: r.lineCosts[i] })),
    );
    const returnable = {
      total: sale.view.total,
      lines: sale.view.lines.map((l, i) => ({ qtyMilli: l.qtyMilli, net: l.net, cost: sale.lineCosts[i] })),
    };
    return priceReturn(returnable, done, requests);
  }

  /** The owner's PIN, or an approval code checked against the action, receipt and amount. */
  private async returnAuthority(
    pin: string | null,
    code: string | null | undefined,
    action: 'void' | 'refund',
    sale: MockSale,
    amount: () => number,
  ): Promise<ReturnType<MockPeople['authority']>> {
    if (!code?.trim()) return this.staff.authority(pin);
    const now = this.now();
    return this.staff.codeAuthority(code, action, sale.view.receiptNo, amount(), (key, c) =>
      codeMatches(key, c, action, sale.view.receiptNo, amount(), now),
    );
  }

  async enrolApprovalKey(ownerPin: string): Promise<string> {
    this.requireShop();
    const key = crypto.getRandomValues(new Uint8Array(32));
    this.staff.enrolKey(ownerPin, key);
    return keyText(key);
  }

  async approvalCode(input: ApprovalCodeInput): Promise<string> {
    const action = input.action.trim();
    if (action !== 'void' && action !== 'refund' && action !== 'kasbon') {
      throw appError('invalid_input', `${JSON.stringify(input.action)} is not void, refund or kasbon`, 'action');
    }
    let key: Uint8Array;
    try {
      key = parseKey(input.key);
    } catch {
      throw appError('invalid_input', 'an approval key is 64 hex digits', 'approval_key');
    }
    return makeApprovalCode(key, action, input.subject, input.amount, this.now());
  }

  async voidSale(input: VoidInput): Promise<ReturnView> {
    this.requireShop();
    const sale = this.findSale(input.saleId);
    const audited = await this.returnAuthority(input.ownerPin, input.approvalCode, 'void', sale, () => sale.view.total);
    if (localDate(sale.view.createdAt, this.tz()) !== localDate(this.now(), this.tz())) {
      throw appError('invalid_input', 'only a sale of today can be voided; refund it instead', 'sale');
    }
    if (this.returnsOf(sale.view.id).length > 0) {
      throw appError('invalid_input', 'part of this sale was already taken back; refund the rest instead', 'sale');
    }
    const rest = sale.view.payments.filter((p) => p.method !== 'kasbon');
    const method = rest.length > 0 ? mostPaid(rest) : 'kasbon';
    const requests = sale.view.lines.map((l, i) => ({ lineNo: i + 1, qtyMilli: l.qtyMilli }));
    return this.recordReturn(audited, sale, 'void', requests, method, input.reason);
  }

  /** What of a sale is still on kasbon: its kasbon payment less the refunds credited since. */
  private kasbonLeftOf(sale: { view: SaleView }): number {
    const charged = sale.view.payments.filter((p) => p.method === 'kasbon').reduce((t, p) => t + p.amount, 0);
    const credited = this.returnsMade
      .filter((r) => r.view.saleId === sale.view.id)
      .reduce((t, r) => t + (r.credited ?? 0), 0);
    return charged - credited;
  }

  async refundSale(input: RefundInput): Promise<ReturnView> {
    this.requireShop();
    const sale = this.findSale(input.saleId);
    const audited = await this.returnAuthority(input.ownerPin, input.approvalCode, 'refund', sale, () =>
      this.pricedReturn(sale, input.lines).reduce((a, l) => a + l.amount, 0),
    );
    if (!['cash', 'qris', 'transfer', 'kasbon'].includes(input.method)) {
      throw appError('invalid_input', 'not cash, qris, transfer or kasbon', 'payment_method');
    }
    if (input.method === 'kasbon' && !sale.customerId) {
      throw appError('invalid_input', 'only a sale put on kasbon can be refunded to kasbon', 'payment_method');
    }
    return this.recordReturn(audited, sale, 'refund', input.lines, input.method, input.reason);
  }

  /** Mock only: a refund another till made of this sale's line, as sync would pull it: never
   * checked against what is left here, so two tills can take back the same goods (an
   * over-refund). The money is the line's pro-rata share. */
  pullForeignRefund(receiptNo: string, lineNo: number, qtyMilli: number): void {
    const sale = this.sales.find((s) => s.view.receiptNo === receiptNo);
    if (!sale) throw appError('unknown_sale', receiptNo);
    const line = sale.view.lines[lineNo - 1];
    if (!line) throw appError('invalid_input', `the sale has no line ${lineNo}`, 'line');
    const amount = Math.floor((line.net * qtyMilli) / line.qtyMilli);
    const cost = Math.floor((sale.lineCosts[lineNo - 1] * qtyMilli) / line.qtyMilli);
    const view: ReturnView = {
      id: `r-${this.nextId++}`,
      saleId: sale.view.id,
      kind: 'refund',
      createdAt: this.now(),
      cashier: null,
      reason: 'till B',
      method: 'cash',
      amount,
      lines: [{ lineNo, productId: sale.productIds[lineNo - 1], qtyMilli, amount }],
    };
    this.returnsMade.push({ view, cost, lineCosts: [cost], thisTill: false });
    const id = sale.productIds[lineNo - 1];
    if (sale.tracked[lineNo - 1]) this.stock.set(id, (this.stock.get(id) ?? 0) + qtyMilli);
  }

  async saleReturns(saleId: string): Promise<ReturnView[]> {
    return this.returnsOf(saleId)
      .slice()
      .sort((a, b) => a.view.createdAt - b.view.createdAt)
      .map((r) => clone(r.view));
  }

  /** Lines returned beyond what was sold: only when two tills' returns meet, which the mock
   * (one till) never has; kept for the screen's sake. */
  async overRefunds(): Promise<OverRefundView[]> {
    const out: OverRefundView[] = [];
    const seen = new Map<string, OverRefundView>();
    for (const r of this.returnsMade) {
      for (const l of r.view.lines) {
        const key = `${r.view.saleId}#${l.lineNo}`;
        const sale = this.sales.find((s) => s.view.id === r.view.saleId);
        const row = seen.get(key) ?? {
          saleId: r.view.saleId,
          receiptNo: sale?.view.receiptNo ?? null,
          lineNo: l.lineNo,
          soldQtyMilli: sale?.view.lines[l.lineNo - 1]?.qtyMilli ?? 0,
          returnedQtyMilli: 0,
          returns: 0,
        };
        row.returnedQtyMilli += l.qtyMilli;
        row.returns += 1;
        if (!seen.has(key)) {
          seen.set(key, row);
          out.push(row);
        }
      }
    }
    return out.filter((o) => o.returnedQtyMilli > o.soldQtyMilli);
  }

  // ---- kasbon (mock-kasbon.ts) ----

  async customers(query: string | null): Promise<CustomerView[]> {
    this.requireShop();
    const q = query?.trim().toLowerCase() ?? '';
    const digits = q.replace(/[^0-9]/g, '');
    return this.kasbon.customers
      .filter((c) => q === '' || c.name.toLowerCase().includes(q) || (digits !== '' && (c.phone ?? '').replace(/[^0-9]/g, '').includes(digits)))
      .sort((a, b) => a.name.localeCompare(b.name, 'id'))
      .map((c) => this.kasbon.view(c));
  }

  async kasbonBook(): Promise<CustomerView[]> {
    this.requireShop();
    return this.kasbon.customers
      .map((c) => this.kasbon.view(c))
      .filter((c) => c.balance > 0)
      .sort((a, b) => (a.owingSince ?? 0) - (b.owingSince ?? 0) || a.name.localeCompare(b.name, 'id'));
  }

  async saveCustomer(input: CustomerInput): Promise<CustomerView> {
    this.requireShop();
    const existing = input.id ? this.kasbon.customer(input.id) : null;
    const c = checkedCustomer(input);
    const id = existing?.id ?? `c-${this.nextId++}`;
    if ((existing?.creditLimit ?? null) !== c.creditLimit) {
      const limit = c.creditLimit === null ? 'none' : `Rp ${c.creditLimit}`;
      this.staff.authority(input.ownerPin)('credit_limit_set', id, `${c.name}: credit limit ${limit}`);
    }
    if (existing) {
      Object.assign(existing, c);
      return this.kasbon.view(existing);
    }
    const created = { id, ...c };
    this.kasbon.customers.push(created);
    return this.kasbon.view(created);
  }

  async customerAccount(id: string): Promise<CustomerAccountView> {
    this.requireShop();
    return this.kasbon.account(id, this.shopView.name, this.tz());
  }

  async repayKasbon(input: RepaymentInput): Promise<CustomerAccountView> {
    this.requireShop();
    const c = this.kasbon.customer(input.customerId);
    if (!['cash', 'qris', 'transfer'].includes(input.method)) {
      throw appError('invalid_input', 'a repayment is cash, qris or transfer', 'payment_method');
    }
    const owed = this.kasbon.view(c).balance;
    if (!Number.isInteger(input.amount) || input.amount < 1 || input.amount > owed) {
      throw appError('invalid_input', `a repayment is Rp 1 to the Rp ${Math.max(owed, 0)} owed`, 'amount');
    }
    const reference = input.reference?.trim() || null;
    if (reference && [...reference].length > LIMITS.maxReferenceChars) {
      throw appError('invalid_input', `a payment reference has at most ${LIMITS.maxReferenceChars} characters`, 'reference');
    }
    this.kasbon.entries.push({
      id: `k-${this.nextId++}`,
      customerId: c.id,
      kind: 'repayment',
      at: this.now(),
      amount: input.amount,
      receiptNo: null,
      method: input.method,
      dueDate: null,
      cashier: this.staff.cashierName(),
      note: [reference, input.note?.trim()].filter(Boolean).join(' · ') || null,
      shiftId: this.openShiftRecord()?.id ?? null,
    });
    return this.customerAccount(c.id);
  }

  // ---- shifts (mock-shifts.ts) ----

  private openShiftRecord(): MockShift | null {
    return this.shiftList.find((s) => s.thisTill && s.closedAt === null) ?? null;
  }

  private shiftOf(s: MockShift): ShiftView {
    return shiftView(s, {
      sales: this.sales.filter((x) => x.thisTill && x.shiftId === s.id).map((x) => x.view),
      returns: this.returnsMade
        .filter((r) => r.thisTill && r.shiftId === s.id)
        .map((r) => ({ method: r.view.method, amount: r.view.amount, credited: r.credited })),
      repayments: this.kasbon.entries.filter((e) => e.kind === 'repayment' && e.shiftId === s.id),
    });
  }

  private requireOpenShift(): MockShift {
    const s = this.openShiftRecord();
    if (!s) throw appError('no_open_shift', 'no shift is open on this till');
    return s;
  }

  async shiftStatus(): Promise<ShiftStatusView> {
    this.requireShop();
    const open = this.openShiftRecord();
    const last = this.shiftList.filter((s) => s.thisTill && s.closedAt !== null).at(-1);
    const today = localDate(this.now(), this.tz());
    const outside = this.sales.filter((x) => x.thisTill && !x.shiftId && localDate(x.view.createdAt, this.tz()) === today).length;
    return { open: open ? this.shiftOf(open) : null, lastCountedCash: last?.counted.cash ?? null, salesOutsideShift: outside };
  }

  async openShift(input: OpenShiftInput): Promise<ShiftView> {
    this.requireShop();
    if (this.openShiftRecord()) throw appError('shift_already_open', 'a shift is already open on this till');
    checkPrice('float', input.float);
    const s: MockShift = {
      id: `sh-${this.nextId++}`,
      deviceCode: this.shopView.deviceCode,
      thisTill: true,
      openedAt: this.now(),
      openedBy: this.staff.cashierName(),
      float: input.float,
      closedAt: null,
      closedBy: null,
      cashMoves: [],
      counted: { cash: null, qris: null, transfer: null },
      note: null,
    };
    this.shiftList.push(s);
    this.staff.record('shift_opened', s.id, `float Rp ${input.float}`);
    return this.shiftOf(s);
  }

  async cashMove(input: CashMoveInput): Promise<ShiftView> {
    this.requireShop();
    const s = this.requireOpenShift();
    if (input.kind !== 'in' && input.kind !== 'out') throw appError('invalid_input', 'in or out', 'kind');
    if (!Number.isInteger(input.amount) || input.amount <= 0) throw appError('invalid_input', 'more than Rp 0', 'amount');
    checkPrice('amount', input.amount);
    const reason = input.reason.trim();
    if (reason === '') throw appError('invalid_input', 'say why the cash moved', 'reason');
    s.cashMoves.push({ id: `cm-${this.nextId++}`, kind: input.kind, amount: input.amount, reason, at: this.now(), by: this.staff.cashierName() });
    this.staff.record('cash_moved', s.id, `cash ${input.kind} Rp ${input.amount}`, reason);
    return this.shiftOf(s);
  }

  async closeShift(input: CloseShiftInput): Promise<ShiftView> {
    this.requireShop();
    const s = this.requireOpenShift();
    checkPrice('counted_cash', input.countedCash);
    if (input.countedQris !== null) checkPrice('counted_qris', input.countedQris);
    if (input.countedTransfer !== null) checkPrice('counted_transfer', input.countedTransfer);
    s.counted = { cash: input.countedCash, qris: input.countedQris, transfer: input.countedTransfer };
    s.note = input.note?.trim() || null;
    s.closedAt = this.now();
    s.closedBy = this.staff.cashierName();
    const view = this.shiftOf(s);
    const cash = view.methods[0];
    this.staff.record('shift_closed', s.id, `cash expected Rp ${cash.expected}, counted Rp ${cash.counted}, difference Rp ${cash.difference}`);
    return view;
  }

  async shifts(limit: number): Promise<ShiftView[]> {
    this.requireShop();
    return [...this.shiftList]
      .reverse()
      .sort((a, b) => b.openedAt - a.openedAt)
      .slice(0, Math.max(0, limit))
      .map((s) => this.shiftOf(s));
  }

  // ---- stock counts and suppliers (mock-stock.ts) ----

  async recordCount(input: CountInput): Promise<CountView> {
    this.requireShop();
    if (input.lines.length === 0) throw appError('invalid_input', 'count at least one product', 'lines');
    const seen = new Set<string>();
    const products = input.lines.map((l) => {
      const p = this.productsById.get(l.productId);
      if (!p || !p.active) throw appError('unknown_product', l.productId);
      if (seen.has(p.id)) throw appError('invalid_input', `${p.name} is counted twice`, 'lines');
      seen.add(p.id);
      if (!p.trackStock) throw appError('invalid_input', `stock of ${p.name} is not tracked`, 'lines');
      if (!Number.isInteger(l.countedMilli) || l.countedMilli < 0 || l.countedMilli > LIMITS.maxQtyMilli) {
        throw appError('invalid_input', `the count of ${p.name} is not plausible`, 'qty');
      }
      return p;
    });
    const audited = this.staff.authority(input.ownerPin);
    const now = this.now();
    const lines = input.lines.map((l, i) => {
      const p = products[i];
      const expectedMilli = this.stock.get(p.id) ?? 0;
      const differenceMilli = l.countedMilli - expectedMilli;
      this.stock.set(p.id, l.countedMilli);
      return {
        productId: p.id,
        name: p.name,
        unit: p.unit,
        expectedMilli,
        countedMilli: l.countedMilli,
        differenceMilli,
        unitCost: p.cost,
        value: countValue(differenceMilli, p.cost),
      };
    });
    const view: CountView = {
      id: `sc-${this.nextId++}`,
      at: now,
      localTime: localTime(now, this.tz()),
      by: this.staff.cashierName(),
      note: input.note?.trim() || null,
      thisTill: true,
      lines,
      value: lines.reduce((s, l) => s + l.value, 0),
    };
    this.countList.push(view);
    audited('stock_counted', view.id, `${lines.length} product(s) counted, difference Rp ${view.value} at cost`, view.note);
    return clone(view);
  }

  async counts(limit: number): Promise<CountView[]> {
    this.requireShop();
    return [...this.countList]
      .reverse()
      .slice(0, Math.max(0, limit))
      .map((c) => clone(c));
  }

  async suppliers(): Promise<string[]> {
    return [...this.supplierNames].sort((a, b) => a.localeCompare(b, 'id', { sensitivity: 'base' }));
  }

  // ---- printing (mock-printing.ts) ----

  async printerSettings(): Promise<PrinterSettingsView> {
    return { ...this.printer.settings };
  }

  async savePrinterSettings(input: PrinterSettingsView): Promise<PrinterSettingsView> {
    return this.printer.save(input);
  }

  async testPrinter(): Promise<PrintJobView> {
    return this.printer.print('TES');
  }

  async printReceipt(saleId: string, reprint: boolean): Promise<PrintJobView> {
    void reprint; // Marks the paper "CETAK ULANG"; the mock prints no paper.
    return this.printer.print(this.findSale(saleId).view.receiptNo);
  }

  async printStatus(): Promise<PrintStatusView> {
    return this.printer.status();
  }

  async receiptImage(saleId: string): Promise<ReceiptImageView> {
    const { view } = this.findSale(saleId);
    return receiptImage(view.receiptNo, view.receiptText, this.printer.settings.paperMm, this.drawReceipt);
  }

  /** The browser keeps the file itself (the dialog's download link); the mock says where it
   * would be, as the till's downloads folder. */
  async saveReceiptImage(saleId: string): Promise<SavedFileView> {
    const image = await this.receiptImage(saleId);
    return { path: `Downloads/${image.fileName}` };
  }

  // ---- QRIS (lib/qris.ts, as laris-qris) ----

  async checkQris(payload: string): Promise<QrisCheckView> {
    const q = checkedQris(payload);
    return { merchantName: q.merchantName, merchantCity: q.merchantCity, nmid: q.nmid };
  }

  async qrisPayment(amount: number): Promise<QrisPaymentView> {
    if (this.shopView.qrisPayload.trim() === '') {
      throw appError('invalid_input', 'QRIS is not set up: the owner pastes the shop\'s QRIS in the settings', 'qris');
    }
    const q = checkedQris(this.shopView.qrisPayload);
    let payload: string;
    try {
      payload = dynamicQris(q, amount);
    } catch (e) {
      throw appError('invalid_input', e instanceof Error ? e.message : String(e), 'amount');
    }
    return { payload, amount, merchantName: q.merchantName, merchantCity: q.merchantCity };
  }

  private unverifiedView(s: MockSale): UnverifiedQrisView {
    return { saleId: s.view.id, receiptNo: s.view.receiptNo, createdAt: s.view.createdAt, amount: s.unverifiedQris ?? 0, thisDevice: s.thisTill };
  }

  private pendingQris(s: MockSale): boolean {
    return (s.unverifiedQris ?? 0) > 0 && !this.qrisConfirmed.has(s.view.id);
  }

  async confirmQris(saleId: string): Promise<UnverifiedQrisView> {
    const sale = this.findSale(saleId);
    if (!this.pendingQris(sale)) {
      throw appError('invalid_input', `${sale.view.receiptNo} has no QRIS payment waiting to be confirmed`, 'sale');
    }
    const pending = this.unverifiedView(sale);
    this.qrisConfirmed.add(saleId);
    this.staff.record('qris_confirmed', saleId, `QRIS ${formatMoney(pending.amount)} of ${sale.view.receiptNo} arrived`);
    return pending;
  }

  async unverifiedQris(): Promise<UnverifiedQrisView[]> {
    const now = this.now();
    const from = now - UNVERIFIED_QRIS_DAYS * 24 * 3_600_000;
    return this.sales
      .filter((s) => s.view.createdAt >= from && s.view.createdAt <= now && this.pendingQris(s))
      .sort((a, b) => a.view.createdAt - b.view.createdAt || a.view.id.localeCompare(b.view.id))
      .map((s) => this.unverifiedView(s));
  }

  /** A bank's settlement list matched to the QRIS sales (mock-settlement.ts); nothing is written. */
  async reconcileQris(text: string): Promise<ReconciliationView> {
    this.requireShop();
    const salesIn = (from: number, to: number): SettlementSale[] =>
      this.sales
        .filter((s) => s.view.createdAt >= from && s.view.createdAt < to && s.view.payments.some((p) => p.method === 'qris'))
        .sort((a, b) => a.view.createdAt - b.view.createdAt || a.view.id.localeCompare(b.view.id))
        .map((s) => ({
          saleId: s.view.id,
          receiptNo: s.view.receiptNo,
          createdAt: s.view.createdAt,
          amount: s.view.payments.filter((p) => p.method === 'qris').reduce((a, p) => a + p.amount, 0),
          unverified: this.pendingQris(s),
        }));
    return clone(reconcile(text, this.tz(), salesIn));
  }

  // ---- sync ----

  // ---- people (mock-people.ts) ----

  async people(): Promise<PersonView[]> {
    this.requireShop();
    return this.staff.list();
  }

  async onDuty(): Promise<OnDutyView | null> {
    this.requireShop();
    return this.staff.onDuty();
  }

  async setUpOwner(input: OwnerSetupInput): Promise<OnDutyView> {
    this.requireShop();
    return this.staff.setUpOwner(input);
  }

  async addPerson(input: PersonInput): Promise<PersonView> {
    this.requireShop();
    return this.staff.addPerson(input);
  }

  async changePerson(input: PersonChangeInput): Promise<PersonView> {
    this.requireShop();
    return this.staff.changePerson(input);
  }

  async resetPin(input: PinResetInput): Promise<null> {
    this.requireShop();
    this.staff.resetPin(input);
    return null;
  }

  async changeOwnPin(input: OwnPinInput): Promise<null> {
    this.requireShop();
    this.staff.changeOwnPin(input);
    return null;
  }

  async logIn(input: LogInInput): Promise<OnDutyView> {
    this.requireShop();
    return this.staff.logIn(input);
  }

  async logOut(): Promise<null> {
    this.requireShop();
    this.staff.logOut();
    return null;
  }

  async auditLog(limit: number): Promise<AuditEntryView[]> {
    this.requireShop();
    return this.staff.auditLog(limit);
  }

  async syncStatus(): Promise<SyncView> {
    return this.sync.view();
  }

  async pair(input: PairInput): Promise<SyncView> {
    this.requireShop();
    return this.sync.pair(input, this.shopView.name, () => {
      if (input.deviceCode) this.shopView.deviceCode = input.deviceCode.trim().toUpperCase();
    });
  }

  async signUpShop(input: SignUpInput): Promise<SyncView> {
    this.requireShop();
    return this.sync.signUp(input, this.shopView.name);
  }

  async unpair(): Promise<SyncView> {
    return this.sync.unpair();
  }

  async syncNow(): Promise<SyncView> {
    return this.sync.syncNow();
  }

  async proof(): Promise<ProofView> {
    return this.sync.proof(this.shopView.deviceCode ?? 'A');
  }

  async onSyncStatus(cb: (view: SyncView) => void): Promise<() => void> {
    return this.sync.subscribe(cb);
  }
}

/** Playwright's handle on the mock: `window.__larisMock.setOffline(true)`. */
export interface MockHook {
  setOffline(offline: boolean): void;
  setAutoSync(on: boolean): void;
  /** Another till's refund of a sale line arrives (MockBackend.pullForeignRefund). */
  pullForeignRefund(receiptNo: string, lineNo: number, qtyMilli: number): void;
}

export function installMockHook(mock: MockBackend): void {
  const hook: MockHook = {
    setOffline: (offline) => mock.sync.setOffline(offline),
    setAutoSync: (on) => {
      mock.sync.autoSync = on;
    },
    pullForeignRefund: (receiptNo, lineNo, qtyMilli) => mock.pullForeignRefund(receiptNo, lineNo, qtyMilli),
  };
  (window as unknown as { __larisMock: MockHook }).__larisMock = hook;
}
