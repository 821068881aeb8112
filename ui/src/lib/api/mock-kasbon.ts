// Kasbon (customer credit) for the mock: customers, their ledger (charges, repayments, refunds),
// first-in-first-out "owing since", the statement and the WhatsApp reminder, as laris-core's
// kasbon module keeps them. Pure functions plus the records; mock.ts calls them from checkout,
// refunds and the kasbon commands.
import { appError } from './backend';
import { formatMoney } from '../format';
import { waPhone } from '../whatsapp';
import { checkPrice } from './mock-pricing';
import { localDate, localTime } from './mock-time';
import { LIMITS } from './types.gen';
import type { CustomerAccountView, CustomerView, KasbonEntryKindView, KasbonEntryView, TenderMethod } from './types.gen';

/** A ledger entry as the mock keeps it (the view's `balanceAfter` and `localTime` are made on
 * reading). */
export interface MockKasbonEntry {
  id: string;
  customerId: string;
  kind: KasbonEntryKindView;
  at: number;
  amount: number;
  receiptNo: string | null;
  method: TenderMethod | null;
  dueDate: string | null;
  cashier: string | null;
  note: string | null;
  /** Repayments: the shift open on this till when it was paid. */
  shiftId: string | null;
}

export interface MockCustomer {
  id: string;
  name: string;
  phone: string | null;
  note: string | null;
  creditLimit: number | null;
}

/** What a customer's ledger comes to: the balance, the oldest charge not yet paid off and the
 * earliest due date among those (first in, first out: repayments and refunds pay off the oldest
 * charges first). */
export interface Owing {
  balance: number;
  owingSince: number | null;
  dueDate: string | null;
}

export function owing(entries: readonly Pick<MockKasbonEntry, 'kind' | 'at' | 'amount' | 'dueDate'>[]): Owing {
  const charges = entries.filter((e) => e.kind === 'charge').sort((a, b) => a.at - b.at);
  const charged = charges.reduce((s, e) => s + e.amount, 0);
  let credit = entries.filter((e) => e.kind !== 'charge').reduce((s, e) => s + e.amount, 0);
  const balance = charged - credit;
  let owingSince: number | null = null;
  let dueDate: string | null = null;
  if (balance > 0) {
    for (const c of charges) {
      if (credit >= c.amount) {
        credit -= c.amount;
        continue;
      }
      credit = 0;
      if (owingSince === null) owingSince = c.at;
      if (c.dueDate !== null && (dueDate === null || c.dueDate < dueDate)) dueDate = c.dueDate;
    }
  }
  return { balance, owingSince, dueDate };
}

const MONTHS = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];

/** `2026-03-10` → `10 Maret 2026`. */
export function longDay(isoDay: string): string {
  const [y, m, d] = isoDay.split('-').map(Number);
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

/** The reminder's text (Bahasa Indonesia, whatever the window's language). */
export function reminderText(customer: string, shop: string, balance: number, since: string): string {
  return `Halo ${customer}, kami dari ${shop} mengingatkan kasbon Anda sebesar ${formatMoney(balance)} sejak ${longDay(since)}. Terima kasih.`;
}

export function reminderUrl(phone: string | null, text: string): string | null {
  const p = waPhone(phone);
  return p === null ? null : `https://wa.me/${p}?text=${encodeURIComponent(text)}`;
}

const DESCRIPTION: Record<KasbonEntryKindView, string> = { charge: 'Kasbon', repayment: 'Bayar', refund: 'Retur' };
const METHOD: Record<string, string> = { cash: 'tunai', qris: 'QRIS', transfer: 'transfer', kasbon: 'kasbon' };

/** An entry in the statement's words: `Kasbon A-20260310-0001`, `Bayar tunai`, `Retur A-…`. */
export function entryDescription(e: Pick<KasbonEntryView, 'kind' | 'receiptNo' | 'method'>): string {
  const what = e.kind === 'repayment' && e.method ? `${DESCRIPTION[e.kind]} ${METHOD[e.method] ?? e.method}` : DESCRIPTION[e.kind];
  return e.receiptNo ? `${what} ${e.receiptNo}` : what;
}

/** The statement of account as plain text: the shop, the customer, one line per entry (date,
 * description, amount, balance after), what is owed. */
export function statementText(shop: string, c: CustomerView, entries: KasbonEntryView[], tz: string): string {
  const out = [shop, 'Rekening kasbon', `Pelanggan: ${c.name}`];
  if (c.phone) out.push(`Telepon: ${c.phone}`);
  out.push('-'.repeat(32));
  for (const e of entries) {
    const sign = e.kind === 'charge' ? '+' : '-';
    out.push(`${localDate(e.at, tz)} ${entryDescription(e)}: ${sign}${formatMoney(e.amount)}, saldo ${formatMoney(e.balanceAfter)}`);
  }
  out.push('-'.repeat(32), `Sisa kasbon: ${formatMoney(c.balance)}`);
  if (c.dueDate) out.push(`Jatuh tempo: ${longDay(c.dueDate)}`);
  return out.join('\n') + '\n';
}

/** A typed customer: the name trimmed and required, phone and note trimmed (empty: none), the
 * credit limit a plausible amount. */
export function checkedCustomer(input: { name: string; phone: string | null; note: string | null; creditLimit: number | null }) {
  const name = input.name.trim();
  if (name === '' || [...name].length > LIMITS.maxPersonNameChars) {
    throw appError('invalid_input', `a name is 1 to ${LIMITS.maxPersonNameChars} characters`, 'name');
  }
  const phone = input.phone?.trim() || null;
  if (phone !== null && !/^\+?[0-9 ()-]{4,20}$/.test(phone)) throw appError('invalid_input', 'not a phone number', 'phone');
  const note = input.note?.trim() || null;
  if (input.creditLimit !== null) checkPrice('credit_limit', input.creditLimit);
  return { name, phone, note, creditLimit: input.creditLimit };
}

/** The customers and their ledgers. */
export class MockKasbon {
  readonly customers: MockCustomer[] = [];
  readonly entries: MockKasbonEntry[] = [];

  customer(id: string): MockCustomer {
    const c = this.customers.find((x) => x.id === id);
    if (!c) throw appError('unknown_customer', `no customer ${JSON.stringify(id)}`);
    return c;
  }

  entriesOf(id: string): MockKasbonEntry[] {
    return this.entries.filter((e) => e.customerId === id).sort((a, b) => a.at - b.at);
  }

  view(c: MockCustomer): CustomerView {
    return { ...c, ...owing(this.entriesOf(c.id)) };
  }

  account(id: string, shop: string, tz: string): CustomerAccountView {
    const customer = this.view(this.customer(id));
    let balance = 0;
    const entries: KasbonEntryView[] = this.entriesOf(id).map((e) => {
      balance += e.kind === 'charge' ? e.amount : -e.amount;
      return {
        id: e.id,
        kind: e.kind,
        at: e.at,
        localTime: localTime(e.at, tz),
        amount: e.amount,
        balanceAfter: balance,
        receiptNo: e.receiptNo,
        method: e.method,
        dueDate: e.dueDate,
        cashier: e.cashier,
        note: e.note,
      };
    });
    const remind =
      customer.balance > 0 && customer.owingSince !== null
        ? reminderUrl(customer.phone, reminderText(customer.name, shop, customer.balance, localDate(customer.owingSince, tz)))
        : null;
    return { customer, entries, statementText: statementText(shop, customer, entries, tz), reminderUrl: remind };
  }
}
