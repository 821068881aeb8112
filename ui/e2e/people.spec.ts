import { expect, test, type Page } from '@playwright/test';
import { logInByTaps, open, payCash, scan, setUpOwner } from './helpers';

const person = (page: Page, testid: string, name: string) => page.locator(`[data-testid=${testid}][data-name="${name}"]`);

test('first run asks the owner and a PIN typed twice; the owner is then on duty', async ({ page }) => {
  const errors = await open(page, '/?fresh');
  await page.getByTestId('setup-name').fill('Warung Bu Sri');
  await page.getByTestId('setup-owner-name').fill('Bu Sri');
  await page.getByTestId('setup-pin').fill('4821');
  await page.getByTestId('setup-pin-again').fill('4812');
  await page.getByTestId('setup-submit').click();
  await expect(page.getByTestId('setup-pin-error')).toHaveText('Kedua PIN tidak sama. Ketik lagi.');
  await expect(page.getByTestId('setup-submit')).toBeVisible();
  // Too short is refused as well.
  await page.getByTestId('setup-pin').fill('48');
  await page.getByTestId('setup-pin-again').fill('48');
  await page.getByTestId('setup-submit').click();
  await expect(page.getByTestId('setup-pin-error')).toHaveText('PIN harus 4–6 angka.');
  await setUpOwner(page);
  await page.getByTestId('setup-submit').click();
  await expect(page.getByTestId('on-duty-name')).toHaveText('Bu Sri');
  await expect(page.getByTestId('scan-input')).toBeVisible();
  await page.getByTestId('nav-orang').click();
  await expect(person(page, 'person-row', 'Bu Sri')).toContainText('Pemilik');
  expect(errors).toEqual([]);
});

test('lock screen: Dewi logs in by taps and by keyboard; the receipt names her', async ({ page }) => {
  const errors = await open(page, '/?people');
  await expect(page.getByRole('heading', { name: 'Siapa yang bertugas?' })).toBeVisible();
  await expect(page.getByTestId('lock-person')).toHaveCount(2);
  await expect(page.getByTestId('scan-input')).toHaveCount(0);
  await logInByTaps(page, 'Dewi', '1357');
  await expect(page.getByTestId('on-duty-name')).toHaveText('Dewi');
  await expect(page.getByTestId('scan-input')).toBeVisible();
  // A line in the cart survives logging out and in.
  await scan(page, '2000000000015');
  const lines = page.getByTestId('cart-line');
  await expect(lines).toHaveCount(1);

  await page.getByTestId('log-out').click();
  await expect(page.getByTestId('lock-screen')).toBeVisible();
  await person(page, 'lock-person', 'Dewi').click();
  await page.keyboard.type('1358');
  await expect(page.getByTestId('pin-dots')).toHaveAttribute('data-count', '4');
  await page.keyboard.press('Backspace');
  await expect(page.getByTestId('pin-dots')).toHaveAttribute('data-count', '3');
  await page.keyboard.type('7');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('on-duty-name')).toHaveText('Dewi');
  await expect(lines).toHaveCount(1);

  await payCash(page, 'exact');
  await expect(page.getByTestId('receipt-view')).toContainText('Kasir: Dewi');
  expect(errors).toEqual([]);
});

test('three wrong PINs lock the person out; the right PIN is then refused too', async ({ page }) => {
  await open(page, '/?people');
  await person(page, 'lock-person', 'Dewi').click();
  for (let i = 0; i < 2; i++) {
    for (const d of '0000') await page.getByTestId(`pin-key-${d}`).click();
    await page.getByTestId('pin-submit').click();
    await expect(page.getByTestId('pin-error')).toHaveText('PIN salah.');
    await expect(page.getByTestId('pin-dots')).toHaveAttribute('data-count', '0');
  }
  for (const d of '0000') await page.getByTestId(`pin-key-${d}`).click();
  await page.getByTestId('pin-submit').click();
  const locked = 'Terlalu banyak PIN salah. Tunggu sebentar lalu coba lagi.';
  await expect(page.getByTestId('pin-error')).toHaveText(locked);
  await logInByTaps(page, 'Dewi', '1357');
  await expect(page.getByTestId('pin-error')).toHaveText(locked);
  await expect(page.getByTestId('lock-screen')).toBeVisible();
  // Bu Sri is not locked out by Dewi's tries.
  await logInByTaps(page, 'Bu Sri', '4821');
  await expect(page.getByTestId('on-duty-name')).toHaveText('Bu Sri');
});

test('the owner PIN approves adding and retiring; the last owner cannot be retired', async ({ page }) => {
  const errors = await open(page, '/?people');
  await logInByTaps(page, 'Dewi', '1357');
  await page.getByTestId('nav-orang').click();
  await expect(page.getByTestId('person-row')).toHaveCount(2);

  await page.getByTestId('person-add').click();
  // The form checks its fields before asking the owner.
  await page.getByTestId('person-name').fill('dewi');
  await page.getByTestId('person-pin').fill('24');
  await page.getByTestId('person-save').click();
  await expect(page.getByTestId('person-name-error')).toBeVisible();
  await expect(page.getByTestId('person-pin-error')).toHaveText('PIN harus 4–6 angka.');
  await expect(page.getByTestId('owner-pin-dialog')).toHaveCount(0);

  await page.getByTestId('person-name').fill('Rudi');
  await page.getByTestId('person-role').selectOption('cashier');
  await page.getByTestId('person-pin').fill('2468');
  await page.getByTestId('person-pin-again').fill('2468');
  await page.getByTestId('person-save').click();
  const dialog = page.getByTestId('owner-pin-dialog');
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId('owner-pin-summary')).toHaveText('Tambah Rudi sebagai Kasir');
  await expect(page.getByTestId('owner-pin-input')).toHaveAttribute('inputmode', 'numeric');
  await expect(page.getByTestId('owner-pin-input')).toHaveAttribute('type', 'password');
  await page.getByTestId('owner-pin-input').fill('1111');
  await page.getByTestId('owner-pin-submit').click();
  await expect(page.getByTestId('owner-pin-error')).toHaveText('PIN salah.');
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId('owner-pin-input')).toHaveValue('');
  await page.getByTestId('owner-pin-input').fill('4821');
  await page.getByTestId('owner-pin-input').press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('person-form')).toHaveCount(0);
  await expect(person(page, 'person-row', 'Rudi')).toContainText('Kasir');

  // Retire Rudi: he is listed as inactive and no longer on the lock screen.
  await person(page, 'person-row', 'Rudi').getByTestId('person-retire').click();
  await expect(page.getByTestId('owner-pin-summary')).toContainText('Rudi');
  await page.getByTestId('owner-pin-input').fill('4821');
  await page.getByTestId('owner-pin-submit').click();
  await expect(person(page, 'person-row', 'Rudi').getByTestId('person-inactive')).toHaveText('Nonaktif');
  await expect(person(page, 'person-row', 'Rudi').getByTestId('person-reactivate')).toBeVisible();

  // Cancel leaves everything as it was.
  await person(page, 'person-row', 'Bu Sri').getByTestId('person-retire').click();
  await page.getByTestId('owner-pin-cancel').click();
  await expect(dialog).toHaveCount(0);

  // The only owner: refused.
  await person(page, 'person-row', 'Bu Sri').getByTestId('person-retire').click();
  await page.getByTestId('owner-pin-input').fill('4821');
  await page.getByTestId('owner-pin-submit').click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('error-message')).toHaveText(/Toko harus punya satu pemilik aktif/);
  await expect(person(page, 'person-row', 'Bu Sri').getByTestId('person-inactive')).toHaveCount(0);

  await page.getByTestId('log-out').click();
  await expect(page.getByTestId('lock-person')).toHaveCount(2);
  await expect(person(page, 'lock-person', 'Rudi')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('reset and own PIN changes; the audit log reads in Bahasa and cannot be edited', async ({ page }) => {
  await open(page, '/?people');
  await logInByTaps(page, 'Dewi', '1357');
  await page.getByTestId('nav-orang').click();

  // Dewi changes her own PIN: a wrong current PIN is refused inline.
  await page.getByTestId('own-pin-change').click();
  await page.getByTestId('own-pin-old').fill('9999');
  await page.getByTestId('own-pin-new').fill('2580');
  await page.getByTestId('own-pin-again').fill('2580');
  await page.getByTestId('own-pin-save').click();
  await expect(page.getByTestId('own-pin-old-error')).toHaveText('PIN salah.');
  await page.getByTestId('own-pin-old').fill('1357');
  await page.getByTestId('own-pin-save').click();
  await expect(page.getByTestId('own-pin-form')).toHaveCount(0);
  await expect(page.getByTestId('notice')).toHaveText('PIN Anda sudah diganti.');

  // The owner resets Dewi's PIN back to 1357.
  await person(page, 'person-row', 'Dewi').getByTestId('person-reset-pin').click();
  await page.getByTestId('reset-pin-new').fill('1357');
  await page.getByTestId('reset-pin-again').fill('1357');
  await page.getByTestId('reset-pin-save').click();
  await page.getByTestId('owner-pin-input').fill('4821');
  await page.getByTestId('owner-pin-submit').click();
  await expect(page.getByTestId('reset-pin-form')).toHaveCount(0);

  const log = page.getByTestId('audit-log');
  await expect(log).toContainText('Catatan aktivitas');
  const rows = log.getByTestId('audit-row');
  // Newest first: the reset, Dewi's own change, her duty, then the seeding.
  await expect(rows.first()).toHaveAttribute('data-action', 'pin_changed');
  await expect(rows.first()).toContainText('Mengganti PIN');
  await expect(rows.first()).toContainText('PIN pemilik');
  await expect(rows.first()).toContainText('Bu Sri');
  await expect(rows.nth(1)).toContainText('PIN sendiri');
  await expect(rows.nth(1)).toContainText('Dewi');
  await expect(log.locator('[data-action=duty_started]').first()).toContainText('Mulai bertugas');
  await expect(log.locator('[data-action=duty_ended]').first()).toContainText('Selesai bertugas');
  await expect(log.locator('[data-action=person_added]').last()).toContainText('Menambah orang');
  await expect(log.locator('[data-action=person_added]').last()).toContainText('Pemilik pertama');
  await expect(log.locator('[data-action=person_added]').first()).toContainText('PIN pemilik');
  // A time in id-ID ("14.05") and a date ("3 Des 2026").
  await expect(rows.first()).toContainText(/\d{2}\.\d{2}/);
  await expect(rows.first()).toContainText(/\d{1,2} \w{3} \d{4}/);
  // Read-only: nothing in the log to click.
  await expect(log.locator('button, input, select, textarea')).toHaveCount(0);

  // A lock-out is recorded too.
  await page.getByTestId('log-out').click();
  await person(page, 'lock-person', 'Dewi').click();
  for (let i = 0; i < 3; i++) {
    await page.keyboard.type('0000');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('pin-dots')).toHaveAttribute('data-count', '0');
  }
  await logInByTaps(page, 'Bu Sri', '4821');
  await page.getByTestId('nav-orang').click();
  await expect(log.locator('[data-action=pin_locked]')).toContainText('Terkunci: PIN salah berulang');
});

test('the lock screen and PIN pad fit a 360×740 phone', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await open(page, '/?people');
  await expect(page.getByTestId('lock-screen')).toBeVisible();
  const keys = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'back'].map((k) => page.getByTestId(`pin-key-${k}`));
  for (const el of [...keys, page.getByTestId('pin-submit'), ...(await page.getByTestId('lock-person').all())]) {
    await expect(el).toBeInViewport({ ratio: 1 });
    const box = (await el.boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(48);
    expect(box.width).toBeGreaterThanOrEqual(48);
  }
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(360);
  await page.screenshot({ path: 'test-results/lock-360.png' });
  await logInByTaps(page, 'Dewi', '1357');
  await expect(page.getByTestId('on-duty-name')).toBeVisible();
  await expect(page.getByTestId('log-out')).toBeInViewport();
  await page.screenshot({ path: 'test-results/kasir-duty-360.png' });
  await page.getByTestId('nav-orang').click();
  await expect(page.getByTestId('person-row')).toHaveCount(2);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await page.screenshot({ path: 'test-results/orang-360.png', fullPage: true });
});

test('a till without people offers "Buat PIN pemilik" on the Orang screen and never locks', async ({ page }) => {
  await open(page, '/');
  await expect(page.getByTestId('scan-input')).toBeVisible();
  await expect(page.getByTestId('log-out')).toHaveCount(0);
  await page.getByTestId('nav-orang').click();
  const panel = page.getByTestId('owner-setup');
  await expect(panel).toContainText('Buat PIN pemilik');
  await page.getByTestId('owner-setup-name').fill('Pak Budi');
  await page.getByTestId('owner-setup-pin').fill('123456');
  await page.getByTestId('owner-setup-pin-again').fill('12345');
  await page.getByTestId('owner-setup-submit').click();
  await expect(page.getByTestId('owner-setup-pin-error')).toBeVisible();
  await page.getByTestId('owner-setup-pin-again').fill('123456');
  await page.getByTestId('owner-setup-submit').click();
  await expect(page.getByTestId('on-duty-name')).toHaveText('Pak Budi');
  await expect(page.getByTestId('person-row')).toHaveCount(1);
  await page.getByTestId('log-out').click();
  await expect(page.getByTestId('lock-person')).toHaveCount(1);
});

test('editing a person renames them; demoting the only owner is refused', async ({ page }) => {
  await open(page, '/?people');
  await logInByTaps(page, 'Bu Sri', '4821');
  await page.getByTestId('nav-orang').click();
  await person(page, 'person-row', 'Dewi').getByTestId('person-edit').click();
  await expect(page.getByTestId('person-pin')).toHaveCount(0);
  await page.getByTestId('person-name').fill('Dewi Ayu');
  await page.getByTestId('person-save').click();
  await expect(page.getByTestId('owner-pin-summary')).toHaveText('Ubah data Dewi');
  await page.getByTestId('owner-pin-input').fill('4821');
  await page.getByTestId('owner-pin-submit').click();
  await expect(person(page, 'person-row', 'Dewi Ayu')).toBeVisible();
  await expect(page.getByTestId('audit-row').first()).toHaveAttribute('data-action', 'person_changed');
  await expect(page.getByTestId('audit-row').first()).toContainText('Mengubah data orang');

  await person(page, 'person-row', 'Bu Sri').getByTestId('person-edit').click();
  await page.getByTestId('person-role').selectOption('cashier');
  await page.getByTestId('person-save').click();
  await page.getByTestId('owner-pin-input').fill('4821');
  await page.getByTestId('owner-pin-submit').click();
  await expect(page.getByTestId('error-message')).toHaveText(/Toko harus punya satu pemilik aktif/);
  // The form stays open to fix the role; cancelled, nothing changed.
  await expect(page.getByTestId('person-form')).toBeVisible();
  await page.getByTestId('person-cancel').click();
  await expect(person(page, 'person-row', 'Bu Sri')).toContainText('Pemilik');

  await page.getByTestId('log-out').click();
  await expect(person(page, 'lock-person', 'Dewi Ayu')).toBeVisible();
});
