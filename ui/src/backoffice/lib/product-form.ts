// The product form's text fields ↔ ProductInput: Rupiah typed as the till reads it
// (parseMoney), minimum stock in units (parseQtyOrZero → milli-units), barcodes split on
// commas and spaces.
import type { ProductInput, ProductView } from '../api/types.gen';
import { formatNumber, formatQty, parseMoney, parseQtyOrZero, type InputErrorKind } from '../../lib/format';
import { parseBarcodes } from './format';

export type ProductForm = {
  sku: string;
  name: string;
  category: string;
  unit: string;
  price: string;
  cost: string;
  barcodes: string;
  active: boolean;
  soldByWeight: boolean;
  trackStock: boolean;
  minStock: string;
};

export type FormField = 'sku' | 'name' | 'unit' | 'price' | 'cost' | 'minStock';
export type FormErrors = Partial<Record<FormField, InputErrorKind | 'required'>>;

export function emptyForm(): ProductForm {
  return { sku: '', name: '', category: '', unit: 'pcs', price: '', cost: '', barcodes: '', active: true, soldByWeight: false, trackStock: true, minStock: '' };
}

export function formOf(p: ProductView): ProductForm {
  return {
    sku: p.sku,
    name: p.name,
    category: p.category ?? '',
    unit: p.unit,
    price: formatNumber(p.price),
    cost: formatNumber(p.cost),
    barcodes: p.barcodes.join(', '),
    active: p.active,
    soldByWeight: p.soldByWeight,
    trackStock: p.trackStock,
    minStock: p.minStockMilli === 0 ? '' : formatQty(p.minStockMilli, 'id'),
  };
}

export function inputOf(f: ProductForm): { ok: true; input: ProductInput } | { ok: false; errors: FormErrors } {
  const errors: FormErrors = {};
  if (f.name.trim() === '') errors.name = 'required';
  if (f.unit.trim() === '') errors.unit = 'required';
  const price = parseMoney(f.price);
  if (!price.ok) errors.price = price.error;
  const cost = f.cost.trim() === '' ? ({ ok: true, value: 0 } as const) : parseMoney(f.cost);
  if (!cost.ok) errors.cost = cost.error;
  const min = parseQtyOrZero(f.minStock);
  if (!min.ok) errors.minStock = min.error;
  if (!price.ok || !cost.ok || !min.ok || Object.keys(errors).length > 0) return { ok: false, errors };
  const category = f.category.trim();
  return {
    ok: true,
    input: {
      sku: f.sku.trim(),
      name: f.name.trim(),
      category: category === '' ? null : category,
      unit: f.unit.trim(),
      price: price.value,
      cost: cost.value,
      barcodes: parseBarcodes(f.barcodes),
      active: f.active,
      soldByWeight: f.soldByWeight,
      trackStock: f.trackStock,
      minStockMilli: min.value,
    },
  };
}
