import { expect, test, type Browser, type Page } from '@playwright/test';
import { logInByTaps, open, payCash, scan } from './helpers';

// Approval codes: the owner, away and offline, approves a refund by reading the cashier an
// 8-digit code made on the owner's own device. The till and the owner's phone are two browser
// contexts (two mocks): the phone knows only the till key the owner copied.

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

/** The owner's phone: Laris in another browser, Bu Sri on duty, Orang → Kode persetujuan. */
async function ownersPhone(browser: Browser): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const phone = await ctx.newPage();
  await open(phone, '/?people');
  await logInByTaps(phone, 'Bu Sri', '4821');
  await phone.getByTestId('nav-orang').click();
  await expect(phone.getByTestId('approval-codes')).toBeVisible();
  return phone;
}

/** Makes a code on the phone for what the cashier read out. */
async function makeCode(phone: Page, action: 'void' | 'refund' | 'kasbon', subject: string, amount: string): Promise<string> {
  await phone.getByTestId(`approval-action-${action}`).click();
  await phone.getByTestId('approval-subject').fill(subject);
  await phone.getByTestId('approval-amount').fill(amount);
  await phone.getByTestId('approval-make').click();
  const value = phone.getByTestId('approval-code-value');
  await expect(value).toHaveText(/^\d{4} \d{4}$/);
  await expect(phone.getByTestId('approval-result')).toContainText('Berlaku ±5–10 menit, sekali pakai.');
  return (await value.textContent())!;
}

test('the owner enrols a key; a refund is approved by a code from the phone, once', async ({ page, browser }) => {
  const errors = await open(page, '/?people');

  // The owner, at the till, makes its key and copies it (shown once).
  await logInByTaps(page, 'Bu Sri', '4821');
  await page.getByTestId('nav-orang').click();
  await page.getByTestId('approval-enrol').click();
  await expect(page.getByTestId('owner-pin-summary')).toContainText('kunci lama tidak berlaku lagi');
  // Enrolling is owner-PIN only: no code path offered there.
  await expect(page.getByTestId('owner-use-code')).toHaveCount(0);
  await page.getByTestId('owner-pin-input').fill('4821');
  await page.getByTestId('owner-pin-submit').click();
  const keyDialog = page.getByTestId('approval-key-dialog');
  await expect(keyDialog).toContainText('hanya ditampilkan sekali');
  await expect(keyDialog).toContainText('HP pemilik');
  await expect(keyDialog).toContainText('Kunci lama (jika ada) sudah tidak berlaku');
  const shown = (await page.getByTestId('approval-key').textContent())!;
  expect(shown).toMatch(/^([0-9a-f]{4}){16}$/);
  await expect(page.getByTestId('approval-key').locator('span')).toHaveCount(16);
  await page.getByTestId('approval-key-copy').click();
  await expect(page.getByTestId('approval-key-copied')).toHaveText('Kunci disalin.');
  const key = await page.evaluate(() => navigator.clipboard.readText());
  expect(key).toBe(shown);
  await page.getByTestId('approval-key-done').click();
  await expect(keyDialog).toHaveCount(0);
  await expect(page.getByTestId('approval-key')).toHaveCount(0);
  await expect(page.getByTestId('audit-log').locator('[data-action=approval_key_enrolled]')).toContainText(
    'Kunci kode persetujuan dibuat',
  );

  // The phone keeps the key (pasted in groups of 4, as read out), in its own storage only.
  const phone = await ownersPhone(browser);
  await phone.getByTestId('approval-key-input').fill('abc');
  await phone.getByTestId('approval-key-save').click();
  await expect(phone.getByTestId('approval-key-error')).toHaveText('Kunci harus 64 karakter 0–9 dan a–f.');
  await phone.getByTestId('approval-key-input').fill(key.match(/.{4}/g)!.join(' ').toUpperCase());
  await phone.getByTestId('approval-key-save').click();
  await expect(phone.getByTestId('approval-key-kept')).toContainText(key.slice(-4));
  expect(await phone.evaluate(() => localStorage.getItem('laris.approvalKey'))).toBe(key);
  expect(await page.evaluate(() => localStorage.getItem('laris.approvalKey'))).toBeNull();

  // Dewi sells two Indomie (Rp 7.000) and takes one back (Rp 3.500).
  await page.getByTestId('log-out').click();
  await logInByTaps(page, 'Dewi', '1357');
  await scan(page, '2000000000015');
  await scan(page, '2000000000015');
  await payCash(page, 'exact');
  const receipt = (await page.getByTestId('receipt-no').textContent())!.trim();
  await page.getByTestId('new-sale').click();
  // Dewi does not see the owner's tools.
  await page.getByTestId('nav-orang').click();
  await expect(page.getByTestId('approval-codes')).toHaveCount(0);

  const refundOne = async () => {
    await page.getByTestId('nav-laporan').click();
    await page.getByTestId('sale-row').first().click();
    await page.getByTestId('sale-refund').click();
    await page.getByTestId('refund-qty-1').fill('1');
    await expect(page.getByTestId('refund-estimate')).toHaveText('Rp 3.500');
    await page.getByTestId('refund-reason').fill('Kemasan rusak');
    await page.getByTestId('refund-submit').click();
    await expect(page.getByTestId('owner-pin-dialog')).toBeVisible();
    await page.getByTestId('owner-use-code').click();
    await expect(page.getByTestId('owner-code-tell')).toHaveText(`Retur · ${receipt} · Rp 3.500`);
    await expect(page.getByTestId('owner-code-input')).toBeFocused();
    await expect(page.getByTestId('owner-code-input')).toHaveAttribute('inputmode', 'numeric');
  };

  await refundOne();
  const dialog = page.getByTestId('owner-pin-dialog');
  await expect(dialog).toContainText('Sebutkan ke pemilik:');
  // Too short: said before asking the till.
  await page.getByTestId('owner-code-input').fill('1234');
  await page.getByTestId('owner-pin-submit').click();
  await expect(page.getByTestId('owner-code-error')).toHaveText('Kode persetujuan harus 8 angka.');
  // A code for the wrong amount: refused inline, what was typed stays.
  const wrong = await makeCode(phone, 'refund', receipt, '7.000');
  await page.getByTestId('owner-code-input').fill(wrong);
  await page.getByTestId('owner-pin-submit').click();
  await expect(page.getByTestId('owner-code-error')).toHaveText(
    'Kode persetujuan salah, kedaluwarsa, atau untuk transaksi/jumlah lain.',
  );
  await expect(page.getByTestId('owner-code-input')).toHaveValue(wrong);
  await expect(dialog).toBeVisible();

  // The right one, read from the phone.
  const code = await makeCode(phone, 'refund', receipt, '3.500');
  await expect(phone.getByTestId('approval-result')).toContainText(`Retur · ${receipt} · Rp 3.500`);
  // At 360 px nothing runs off the side.
  expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await phone.getByTestId('approval-result').scrollIntoViewIfNeeded();
  await phone.screenshot({ path: 'test-results/approval-phone-360.png' });
  await page.getByTestId('owner-code-input').fill(code);
  await page.screenshot({ path: '../docs/screenshots/approval-code.png' });
  await page.getByTestId('owner-code-input').press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('notice')).toHaveText('Retur dicatat: Rp 3.500 dikembalikan.');
  await page.getByTestId('dialog-close').click();

  // The same code for the other Indomie: refused, as used.
  await refundOne();
  await page.getByTestId('owner-code-input').fill(code);
  await page.getByTestId('owner-pin-submit').click();
  await expect(page.getByTestId('owner-code-error')).toHaveText('Kode persetujuan ini sudah dipakai. Minta kode baru ke pemilik.');
  await expect(page.getByTestId('owner-code-input')).toHaveValue(code);
  // Back to the PIN, then cancel: nothing refunded.
  await page.getByTestId('owner-use-pin').click();
  await expect(page.getByTestId('owner-pin-input')).toBeFocused();
  await page.getByTestId('owner-pin-cancel').click();
  await expect(dialog).toHaveCount(0);

  // The audit log says who approved: the owner's code.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('refund-dialog')).toHaveCount(0);
  await page.getByTestId('dialog-close').click();
  await page.getByTestId('nav-orang').click();
  const refunded = page.getByTestId('audit-log').locator('[data-action=sale_refunded]');
  await expect(refunded).toHaveCount(1);
  await expect(refunded).toContainText('Kode dari pemilik');

  // The phone forgets its key.
  await phone.getByTestId('approval-key-forget').click();
  await expect(phone.getByTestId('approval-key-input')).toBeVisible();
  expect(await phone.evaluate(() => localStorage.getItem('laris.approvalKey'))).toBeNull();
  await phone.context().close();
  expect(errors).toEqual([]);
});

test('a kasbon over the limit is approved by a code for the customer and the charge (total − down payment)', async ({ page, browser }) => {
  const errors = await open(page, '/?people');
  await logInByTaps(page, 'Bu Sri', '4821');
  await page.getByTestId('nav-orang').click();
  await page.getByTestId('approval-enrol').click();
  await page.getByTestId('owner-pin-input').fill('4821');
  await page.getByTestId('owner-pin-submit').click();
  const key = (await page.getByTestId('approval-key').getAttribute('data-key'))!;
  await page.getByTestId('approval-key-done').click();
  const phone = await ownersPhone(browser);
  await phone.getByTestId('approval-key-input').fill(key);
  await phone.getByTestId('approval-key-save').click();

  await page.getByTestId('log-out').click();
  await logInByTaps(page, 'Dewi', '1357');
  // Setting a credit limit is the owner's PIN only: no code path.
  await page.getByTestId('nav-kasbon').click();
  await page.getByTestId('customer-add').click();
  await page.getByTestId('customer-name').fill('Bu Ani');
  await page.getByTestId('customer-limit').fill('10.000');
  await page.getByTestId('customer-save').click();
  await expect(page.getByTestId('owner-pin-summary')).toHaveText('Batas kasbon Bu Ani: Rp 10.000');
  await expect(page.getByTestId('owner-use-code')).toHaveCount(0);
  await page.getByTestId('owner-pin-input').fill('4821');
  await page.getByTestId('owner-pin-submit').click();
  await expect(page.getByTestId('customer-form')).toHaveCount(0);

  // Rp 14.000 with Rp 2.000 down: Rp 12.000 on Bu Ani's account, over her Rp 10.000.
  await page.getByTestId('nav-kasir').click();
  for (let i = 0; i < 4; i++) await scan(page, '2000000000015');
  await page.getByTestId('pay-button').click();
  await page.getByTestId('method-kasbon').click();
  await page.getByTestId('kasbon-customer-search').fill('ani');
  await page.locator('[data-testid=kasbon-customer-option][data-name="Bu Ani"]').click();
  await page.getByTestId('kasbon-dp').fill('2.000');
  await expect(page.getByTestId('kasbon-charge')).toHaveText('Rp 12.000');
  await page.getByTestId('confirm-pay').click();
  await expect(page.getByTestId('owner-pin-summary')).toHaveText('Kasbon Bu Ani melebihi batas Rp 10.000');
  await page.getByTestId('owner-use-code').click();
  await expect(page.getByTestId('owner-code-tell')).toHaveText('Kasbon · Bu Ani · Rp 12.000');
  // A code for the whole total is not the charge: refused.
  await page.getByTestId('owner-code-input').fill(await makeCode(phone, 'kasbon', 'Bu Ani', '14.000'));
  await page.getByTestId('owner-pin-submit').click();
  await expect(page.getByTestId('owner-code-error')).toHaveText(
    'Kode persetujuan salah, kedaluwarsa, atau untuk transaksi/jumlah lain.',
  );
  await page.getByTestId('owner-code-input').fill(await makeCode(phone, 'kasbon', 'bu ani', '12.000'));
  await page.getByTestId('owner-pin-submit').click();
  await expect(page.getByTestId('owner-pin-dialog')).toHaveCount(0);
  await expect(page.getByTestId('receipt-kasbon')).toContainText('Rp 12.000');
  await page.getByTestId('new-sale').click();

  await page.getByTestId('nav-orang').click();
  await expect(page.getByTestId('audit-log').locator('[data-action=credit_limit_exceeded]')).toContainText('Kode dari pemilik');
  await phone.context().close();
  expect(errors).toEqual([]);
});
