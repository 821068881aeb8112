// The back office's HTTP client: same-origin fetch with the session cookie, the CSRF token on
// every state change, errors as ApiError {status, code, message, retryAfterSecs}. Pure enough
// to test with a fake fetch (tests/unit/backoffice-client.test.ts).
import {
  CSRF_HEADER,
  PATHS,
  type AuditRowView,
  type BooksView,
  type Dataset,
  type DashboardView,
  type DeviceView,
  type ErrorCode,
  type ExportFormat,
  type ImportInput,
  type ImportView,
  type LoginInput,
  type MeView,
  type MovementRowView,
  type PairingCodeView,
  type ProductInput,
  type ProductPageView,
  type ProductView,
  type ReceiptView,
  type ReturnRowView,
  type SalesPageView,
  type SignupInput,
  type StockRowView,
  type StoreView,
  type WebConfigView,
  type WebSessionView,
} from './types.gen';

export type Query = Record<string, string | number | null | undefined>;

/** A failed request: the server's `{code, message}` (or `network` / `bad_response` from here). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode | 'network' | 'bad_response';
  /** From Retry-After (429, 503), in seconds. */
  readonly retryAfterSecs: number | null;

  constructor(status: number, code: ApiError['code'], message: string, retryAfterSecs: number | null = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.retryAfterSecs = retryAfterSecs;
  }
}

/** `/v1/web/stores/{store_id}/…` with every `{name}` filled in, each part URL-encoded. A
 * placeholder without a value is a programming error and throws. */
export function fillPath(template: string, params: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const v = params[name];
    if (v === undefined || v === '') throw new Error(`path ${template}: no value for {${name}}`);
    return encodeURIComponent(v);
  });
}

/** `path?a=1&b=x` without the empty parts (null, undefined, ""). */
export function withQuery(path: string, query: Query = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== null && v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

function retryAfter(res: Response): number | null {
  const h = res.headers.get('retry-after');
  if (h === null) return null;
  const n = Number(h);
  return Number.isFinite(n) && n >= 0 ? Math.ceil(n) : null;
}

export type Fetch = (input: string, init: RequestInit) => Promise<Response>;

export class Api {
  /** MeView.csrfToken of the session; null when signed out. */
  csrfToken: string | null = null;
  /** Called when the server says the session is gone (401 invalid_session). */
  onSignedOut: (() => void) | null = null;
  private readonly fetcher: Fetch;

  constructor(fetcher?: Fetch) {
    this.fetcher = fetcher ?? ((input, init) => fetch(input, init));
  }

  async request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && this.csrfToken) headers[CSRF_HEADER] = this.csrfToken;
    let res: Response;
    try {
      res = await this.fetcher(path, {
        method,
        headers,
        credentials: 'same-origin',
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      throw new ApiError(0, 'network', e instanceof Error ? e.message : String(e));
    }
    const text = await res.text();
    let json: unknown = null;
    if (text !== '') {
      try {
        json = JSON.parse(text);
      } catch {
        json = null;
      }
    }
    if (!res.ok) {
      const o = (json ?? {}) as { code?: unknown; message?: unknown };
      const code = typeof o.code === 'string' ? (o.code as ErrorCode) : 'bad_response';
      const message = typeof o.message === 'string' ? o.message : `HTTP ${res.status}`;
      const err = new ApiError(res.status, code, message, retryAfter(res));
      if (res.status === 401 && code === 'invalid_session') {
        this.csrfToken = null;
        this.onSignedOut?.();
      }
      throw err;
    }
    if (text !== '' && json === null) throw new ApiError(res.status, 'bad_response', 'not JSON');
    return json as T;
  }

  get<T>(path: string, query?: Query): Promise<T> {
    return this.request<T>('GET', withQuery(path, query));
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body ?? {});
  }

  // --- account ---
  config(): Promise<WebConfigView> {
    return this.get(PATHS.config);
  }

  /** The signed-in owner, or null when there is no session (401 invalid_session). */
  async me(): Promise<MeView | null> {
    try {
      return this.remember(await this.get<MeView>(PATHS.me));
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return null;
      throw e;
    }
  }

  async login(input: LoginInput): Promise<MeView> {
    this.csrfToken = null;
    return this.remember(await this.post<MeView>(PATHS.login, input));
  }

  async signup(input: SignupInput): Promise<MeView> {
    this.csrfToken = null;
    return this.remember(await this.post<MeView>(PATHS.signup, input));
  }

  async logout(): Promise<void> {
    try {
      await this.post<unknown>(PATHS.logout);
    } finally {
      this.csrfToken = null;
    }
  }

  sessions(): Promise<WebSessionView[]> {
    return this.get(PATHS.sessions);
  }

  revokeSession(sessionId: string): Promise<WebSessionView> {
    return this.post(fillPath(PATHS.sessionRevoke, { session_id: sessionId }));
  }

  addStore(name: string): Promise<StoreView> {
    return this.post(PATHS.stores, { name });
  }

  // --- one shop ---
  dashboard(storeId: string, from?: string, to?: string): Promise<DashboardView> {
    return this.get(fillPath(PATHS.dashboard, { store_id: storeId }), { from, to });
  }

  devices(storeId: string): Promise<DeviceView[]> {
    return this.get(fillPath(PATHS.devices, { store_id: storeId }));
  }

  renameDevice(storeId: string, deviceId: string, name: string): Promise<DeviceView> {
    return this.post(fillPath(PATHS.deviceRename, { store_id: storeId, device_id: deviceId }), { name });
  }

  revokeDevice(storeId: string, deviceId: string): Promise<DeviceView> {
    return this.post(fillPath(PATHS.deviceRevoke, { store_id: storeId, device_id: deviceId }));
  }

  pairingCode(storeId: string): Promise<PairingCodeView> {
    return this.post(fillPath(PATHS.pairingCodes, { store_id: storeId }));
  }

  products(storeId: string, q?: string): Promise<ProductPageView> {
    return this.get(fillPath(PATHS.products, { store_id: storeId }), { q: q?.trim() });
  }

  createProduct(storeId: string, input: ProductInput): Promise<ProductView> {
    return this.post(fillPath(PATHS.products, { store_id: storeId }), input);
  }

  updateProduct(storeId: string, productId: string, input: ProductInput): Promise<ProductView> {
    return this.post(fillPath(PATHS.product, { store_id: storeId, product_id: productId }), input);
  }

  sales(storeId: string, from?: string, to?: string, before?: string | null): Promise<SalesPageView> {
    return this.get(fillPath(PATHS.sales, { store_id: storeId }), { from, to, before });
  }

  sale(storeId: string, saleId: string): Promise<ReceiptView> {
    return this.get(fillPath(PATHS.sale, { store_id: storeId, sale_id: saleId }));
  }

  stock(storeId: string): Promise<StockRowView[]> {
    return this.get(fillPath(PATHS.stock, { store_id: storeId }));
  }

  /** All or nothing: a bad row refuses the file (400 invalid_field "line N: …"). */
  importProducts(storeId: string, csv: string): Promise<ImportView> {
    const body: ImportInput = { csv };
    return this.post(fillPath(PATHS.productsImport, { store_id: storeId }), body);
  }

  /** Kasbon owed and every till's shifts (no period: as of now). */
  books(storeId: string): Promise<BooksView> {
    return this.get(fillPath(PATHS.books, { store_id: storeId }));
  }

  returns(storeId: string, from?: string, to?: string): Promise<ReturnRowView[]> {
    return this.get(fillPath(PATHS.returns, { store_id: storeId }), { from, to });
  }

  audit(storeId: string, from?: string, to?: string): Promise<AuditRowView[]> {
    return this.get(fillPath(PATHS.audit, { store_id: storeId }), { from, to });
  }

  movements(storeId: string, from?: string, to?: string): Promise<MovementRowView[]> {
    return this.get(fillPath(PATHS.movements, { store_id: storeId }), { from, to });
  }

  private remember(me: MeView): MeView {
    this.csrfToken = me.csrfToken;
    return me;
  }
}

/** The download link of a dataset (a plain GET: no CSRF token needed). */
export function exportUrl(storeId: string, dataset: Dataset, format: ExportFormat, from?: string, to?: string): string {
  return withQuery(fillPath(PATHS.export, { store_id: storeId, dataset }), { format, from, to });
}

/** The app's one client. */
export const api = new Api();
