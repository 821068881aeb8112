// Catalog CSV for the mock, read and written as laris-core's catalog_csv.rs does (with the csv
// crate's defaults: RFC 4180 quoting, blank lines skipped, every record as long as the header,
// fields trimmed), checked against the same cases in tests/golden/csv_errors.json. All or
// nothing: the first bad row rejects the file with its line (as an editor counts them) and
// column.
import { appError } from './backend';
import { MAX_PRICE, MAX_QTY_MILLI } from './mock-pricing';
import type { ProductView } from './types.gen';
import { asciiLower, charCount, rustTrim, utf8Len } from '../rust-text';

/** The columns laris-core exports, in its order. */
export const CSV_COLUMNS = [
  'sku',
  'barcode',
  'name',
  'category',
  'unit',
  'price_idr',
  'cost_idr',
  'sold_by_weight',
  'track_stock',
  'min_stock',
  'active',
] as const;
export const CSV_HEADER = CSV_COLUMNS.join(',');
const REQUIRED = ['sku', 'name', 'price_idr'];
/** The optional column of a new product's opening stock; rows of products already here ignore it. */
const OPENING_STOCK = 'stok_awal';
/** Barcodes in one cell are separated by `|`. */
const BARCODE_SEPARATOR = '|';

export interface CsvRow {
  sku: string;
  /** The row's barcodes separated by single spaces (a barcode never holds one). */
  barcode: string;
  barcodes: string[];
  name: string;
  category: string;
  unit: string;
  price: number;
  cost: number;
  soldByWeight: boolean;
  trackStock: boolean;
  minStockMilli: number;
  active: boolean;
  /** Stock counted when the product is first imported (milli-units; 0 when none). */
  openingStockMilli: number;
  /** The file line the row starts on. */
  line: number;
}

/** Rejects the file as laris-core's ImportError displays: `catalog CSV line 3, column price_idr: ...`. */
function reject(line: number, column: string | null, message: string): never {
  const where = column ? `, column ${column}` : '';
  throw appError('import_rejected', `catalog CSV line ${line}${where}: ${message}`);
}

export interface CsvRecord {
  fields: string[];
  /** 1-based file line the record starts on. */
  line: number;
}

/** Splits `text` into records as the csv crate does: `"` quotes a field (`""` is a quote in it,
 * and it may span lines), `\r`, `\n` or `\r\n` ends a record, and empty lines are skipped.
 * `delimiter`: one character (the settlement list's may be `;` or a tab). */
export function readRecords(text: string, delimiter = ','): CsvRecord[] {
  const records: CsvRecord[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    while (i < n && (text[i] === '\r' || text[i] === '\n')) {
      if (text[i] === '\n') line++;
      i++;
    }
    if (i >= n) break;
    const start = line;
    const fields: string[] = [];
    for (;;) {
      let cur = '';
      if (text[i] === '"') {
        i++;
        while (i < n) {
          const c = text[i];
          if (c === '"') {
            if (text[i + 1] === '"') {
              cur += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === '\n') line++;
          cur += c;
          i++;
        }
      }
      // Unquoted, or what follows a closing quote up to the delimiter: taken as it is.
      while (i < n && text[i] !== delimiter && text[i] !== '\r' && text[i] !== '\n') cur += text[i++];
      fields.push(cur);
      if (i < n && text[i] === delimiter) {
        i++;
        continue;
      }
      break;
    }
    records.push({ fields, line: start });
  }
  return records;
}

/** Rust's `str::parse::<i64>`: an optional sign and ASCII digits, within i64. */
function parseI64(v: string): number | null {
  if (!/^[+-]?\d+$/.test(v)) return null;
  const b = BigInt(v);
  return b < -(2n ** 63n) || b >= 2n ** 63n ? null : Number(b);
}

/** laris-core's parse_qty: `2`, `0.5`, `0,25` (up to three decimals) in milli-units. */
function parseQty(raw: string): number | null {
  const s = rustTrim(raw);
  const negative = s.startsWith('-');
  const digits = negative ? s.slice(1) : s;
  const cut = digits.search(/[.,]/);
  const whole = cut < 0 ? digits : digits.slice(0, cut);
  const frac = cut < 0 ? '' : digits.slice(cut + 1);
  if ((whole === '' && frac === '') || frac.length > 3 || !/^\d*$/.test(whole) || !/^\d*$/.test(frac) || whole.length > 12) {
    return null;
  }
  const milli = (whole === '' ? 0 : Number(whole)) * 1000 + (frac === '' ? 0 : Number(frac.padEnd(3, '0')));
  return negative ? -milli : milli;
}

/** laris-core's check_code: 1 to 64 bytes of printable ASCII, no spaces. */
function codeProblem(code: string): string | null {
  if (code === '' || utf8Len(code) > 64) return 'must be 1 to 64 characters';
  if (!/^[\x21-\x7e]+$/.test(code)) return `${JSON.stringify(code)} may hold only letters, digits and symbols, no spaces`;
  return null;
}

function priceProblem(amount: number): string | null {
  if (amount < 0) return 'must not be negative';
  if (amount > MAX_PRICE) return `Rp ${amount} is not a plausible amount`;
  return null;
}

type Cells = (name: string) => string | undefined;

/** One row as catalog_csv.rs `parse_row`: the cells parsed in column order, then the draft
 * validated (ProductDraft::validate): the first problem is the one reported. */
function parseRow(get: Cells, line: number): CsvRow {
  const fail = (column: string, message: string): never => reject(line, column, message);
  const text = (name: string) => get(name) ?? '';
  const money = (name: string, fallback: number | null): number => {
    const v = get(name);
    if (v === undefined || v === '') return fallback ?? fail(name, 'is empty');
    return parseI64(v) ?? fail(name, `${JSON.stringify(v)} is not a whole Rupiah amount`);
  };
  const flag = (name: string, fallback: boolean): boolean => {
    const v = get(name);
    if (v === undefined || v === '') return fallback;
    const l = asciiLower(v);
    if (['true', '1', 'yes', 'ya'].includes(l)) return true;
    if (['false', '0', 'no', 'tidak'].includes(l)) return false;
    return fail(name, `${JSON.stringify(l)} is not true or false`);
  };
  const sku = text('sku');
  const name = text('name');
  const category = text('category');
  const unit = text('unit') || 'pcs';
  const price = money('price_idr', null);
  const cost = money('cost_idr', 0);
  const soldByWeight = flag('sold_by_weight', false);
  const trackStock = flag('track_stock', true);
  const minStockText = get('min_stock');
  let minStockMilli = 0;
  if (minStockText !== undefined && minStockText !== '') {
    minStockMilli = parseQty(minStockText) ?? fail('min_stock', `${JSON.stringify(rustTrim(minStockText))} is not a quantity like 2 or 0,5`);
  }
  const active = flag('active', true);
  const openingText = get(OPENING_STOCK);
  let openingStockMilli = 0;
  if (openingText !== undefined && openingText !== '') {
    const q = parseQty(openingText);
    const shown = JSON.stringify(rustTrim(openingText));
    if (q === null) fail(OPENING_STOCK, `${shown} is not a quantity like 2 or 0,5`);
    else if (q < 0) fail(OPENING_STOCK, `${shown} is below zero`);
    else if (q > MAX_QTY_MILLI) fail(OPENING_STOCK, `${shown} is not a plausible quantity`);
    else openingStockMilli = q;
  }
  const barcodes = text('barcode')
    .split(BARCODE_SEPARATOR)
    .map(rustTrim)
    .filter((c) => c !== '');

  const skuProblem = codeProblem(sku);
  if (skuProblem) fail('sku', skuProblem);
  if (rustTrim(name) === '') fail('name', 'must not be empty');
  if (charCount(name) > 200) fail('name', 'longer than 200 characters');
  if (rustTrim(unit) === '' || charCount(unit) > 20) fail('unit', 'must be 1 to 20 characters (pcs, kg, ...)');
  const pp = priceProblem(price);
  if (pp) fail('price_idr', pp);
  const cp = priceProblem(cost);
  if (cp) fail('cost_idr', cp);
  if (minStockMilli < 0) fail('min_stock', 'must not be negative');
  for (const b of barcodes) {
    const bp = codeProblem(b);
    if (bp) fail('barcode', bp);
  }
  if (openingStockMilli > 0 && !trackStock) fail(OPENING_STOCK, 'stock of this product is not tracked');
  return {
    sku,
    barcode: barcodes.join(' '),
    barcodes,
    name,
    category,
    unit,
    price,
    cost,
    soldByWeight,
    trackStock,
    minStockMilli,
    active,
    openingStockMilli,
    line,
  };
}

/** The rows of a catalog CSV, or an `import_rejected` error naming the first bad line. */
export function parseCatalogCsv(text: string): CsvRow[] {
  const records = readRecords(text);
  const header = (records[0]?.fields ?? []).map((h) => asciiLower(rustTrim(h).replace(/^\ufeff+/, '')));
  // As a HashMap built in column order: a repeated name means its last column.
  const columns = new Map<string, number>();
  header.forEach((h, i) => columns.set(h, i));
  for (const name of REQUIRED) {
    if (!columns.has(name)) reject(1, name, `the header has no ${name} column`);
  }
  const width = records[0].fields.length;
  const rows: CsvRow[] = [];
  const skus = new Map<string, number>();
  const barcodes = new Map<string, number>();
  for (const rec of records.slice(1)) {
    if (rec.fields.length !== width) {
      reject(rec.line, null, `found record with ${rec.fields.length} fields, but the previous record has ${width} fields`);
    }
    const cells = rec.fields.map(rustTrim);
    if (cells.every((c) => c === '')) continue;
    const get: Cells = (name) => {
      const i = columns.get(name);
      return i === undefined ? undefined : rustTrim(cells[i]);
    };
    const row = parseRow(get, rec.line);
    const first = skus.get(row.sku);
    if (first !== undefined) reject(rec.line, 'sku', `SKU ${row.sku} already appears on line ${first}`);
    skus.set(row.sku, rec.line);
    for (const b of row.barcodes) {
      const firstB = barcodes.get(b);
      if (firstB !== undefined) reject(rec.line, 'barcode', `barcode ${b} already appears on line ${firstB}`);
      barcodes.set(b, rec.line);
    }
    rows.push(row);
  }
  return rows;
}

function cell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** laris-core's format_qty with a dot, as its export writes min_stock (`0.5`, `2`). */
function exportQty(milli: number): string {
  const sign = milli < 0 ? '-' : '';
  const m = Math.abs(milli);
  const whole = Math.floor(m / 1000);
  const frac = m % 1000;
  return frac === 0 ? `${sign}${whole}` : `${sign}${whole}.${String(frac).padStart(3, '0').replace(/0+$/, '')}`;
}

/** The catalog as laris-core exports it (every column, barcodes joined by `|`). */
export function catalogCsv(products: ProductView[]): string {
  const lines = products.map((p) =>
    [
      p.sku,
      [...p.barcodes].sort().join(BARCODE_SEPARATOR),
      p.name,
      p.category ?? '',
      p.unit,
      String(p.price),
      String(p.cost),
      String(p.soldByWeight),
      String(p.trackStock),
      exportQty(p.minStockMilli),
      String(p.active),
    ]
      .map(cell)
      .join(','),
  );
  return [CSV_HEADER, ...lines].join('\n') + '\n';
}
