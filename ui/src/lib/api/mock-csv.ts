// Catalog CSV for the mock, with the columns of catalog-warung.csv. All-or-nothing like the
// real import: the first bad row rejects the file with its line and column.
import { appError } from './backend';
import type { ProductView } from './types.gen';

export const CSV_HEADER = 'sku,barcode,name,category,unit,price_idr,cost_idr,sold_by_weight';

export interface CsvRow {
  sku: string;
  barcode: string;
  name: string;
  category: string;
  unit: string;
  price: number;
  cost: number;
  soldByWeight: boolean;
}

function splitLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function reject(line: number, column: string | null, message: string): never {
  const where = column ? `, column ${column}` : '';
  throw appError('import_rejected', `catalog CSV line ${line}${where}: ${message}`);
}

export function parseCatalogCsv(text: string): CsvRow[] {
  const lines = text.replace(/^\ufeff/, '').split(/\r?\n/);
  const header = splitLine(lines[0] ?? '').map((h) => h.trim());
  for (const req of ['sku', 'name', 'price_idr']) {
    if (!header.includes(req)) reject(1, req, 'missing column');
  }
  const rows: CsvRow[] = [];
  const seen = new Set<string>();
  lines.slice(1).forEach((raw, i) => {
    const lineNo = i + 2;
    if (raw.trim() === '') return;
    const cells = splitLine(raw);
    const get = (col: string) => (cells[header.indexOf(col)] ?? '').trim();
    const sku = get('sku');
    if (!sku) reject(lineNo, 'sku', 'empty');
    if (seen.has(sku)) reject(lineNo, 'sku', `${sku} appears twice`);
    seen.add(sku);
    const name = get('name');
    if (!name) reject(lineNo, 'name', 'empty');
    const num = (col: string) => {
      const v = get(col);
      if (v === '') return 0;
      if (!/^\d+$/.test(v)) reject(lineNo, col, `${JSON.stringify(v)} is not a whole number of Rupiah`);
      return Number(v);
    };
    const w = get('sold_by_weight').toLowerCase();
    if (!['', 'true', 'false', '1', '0', 'yes', 'no'].includes(w)) {
      reject(lineNo, 'sold_by_weight', `${JSON.stringify(w)} is not true or false`);
    }
    rows.push({
      sku,
      barcode: get('barcode'),
      name,
      category: get('category'),
      unit: get('unit') || 'pcs',
      price: num('price_idr'),
      cost: num('cost_idr'),
      soldByWeight: ['true', '1', 'yes'].includes(w),
    });
  });
  return rows;
}

function cell(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function catalogCsv(products: ProductView[]): string {
  const lines = products.map((p) =>
    [p.sku, p.barcodes.join(' '), p.name, p.category ?? '', p.unit, String(p.price), String(p.cost), String(p.soldByWeight)]
      .map(cell)
      .join(','),
  );
  return [CSV_HEADER, ...lines].join('\n') + '\n';
}
