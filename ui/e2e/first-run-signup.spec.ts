import { expect, test, type Page } from '@playwright/test';
import { PAIRING_CODE, open, setUpOwner } from './helpers';

// The first run's three ways to start (mock rules: ui/src/lib/api/mock-signup.ts): on this
// device only, "Daftar toko" (a new shop on the server), "Masuk ke toko yang ada" (a pairing
// code or link).

const SERVER = 'http://192.168.1.10:8787';

async function fillShop(page: Page, name = 'Warung Bu Sri'): Promise<void> {
  await page.getByTestId('setup-name').fill(name);
  await page.getByTestId('setup-code').fill('B');
  await setUpOwner(page);
}

async function fillSignUp(page: Page, email: string, server = SERVER, password = 'rahasia123'): Promise<void> {
  await page.getByTestId('setup-mode-signup').check();
  await page.getByTestId('signup-server').fill(server);
  await page.getByTestId('signup-email').fill(email);
  await page.getByTestId('signup-password').fill(password);
  await page.getByTestId('signup-password-again').fill(password);
}

async function expectStore(page: Page, store: string): Promise<void> {
  const badge = page.getByTestId('sync-badge');
  await expect(badge).toHaveAttribute('data-state', 'online');
  await expect(badge).toContainText('Tersinkron');
  await badge.click();
  await expect(page.getByTestId('sync-details')).toContainText(store);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('sync-details')).toHaveCount(0);
}

async function noSideScroll(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
}

test('the offline choice is the default and works as before', async ({ page }) => {
  const errors = await open(page, '/?fresh');
  await expect(page.getByTestId('setup-mode-offline')).toBeChecked();
  await expect(page.getByTestId('signup-server')).toHaveCount(0);
  await expect(page.getByTestId('join-code')).toHaveCount(0);
  // Looking at the other choices and coming back changes nothing.
  await page.getByTestId('setup-mode-signup').check();
  await expect(page.getByTestId('signup-server')).toBeVisible();
  await page.getByTestId('setup-mode-offline').check();
  await fillShop(page);
  await expect(page.getByTestId('setup-submit')).toHaveText('Mulai berjualan');
  await page.getByTestId('setup-submit').click();
  await expect(page.getByTestId('scan-input')).toBeVisible();
  await expect(page.getByTestId('on-duty-name')).toHaveText('Bu Sri');
  await expect(page.getByTestId('sync-badge')).toHaveAttribute('data-state', 'unpaired');
  expect(errors).toEqual([]);
});

test('Daftar toko: the shop is made here and on the server, the till lands synced', async ({ page }) => {
  const errors = await open(page, '/?fresh');
  await fillShop(page);
  await fillSignUp(page, 'sri@contoh.id');
  await expect(page.getByTestId('signup-server')).toHaveAttribute('placeholder', 'http://192.168.1.10:8787');
  await expect(page.getByTestId('signup-invite')).toBeVisible();
  await page.getByTestId('setup-submit').click();
  await expect(page.getByTestId('scan-input')).toBeVisible();
  await expect(page.getByTestId('on-duty-name')).toHaveText('Bu Sri');
  await expectStore(page, 'Warung Bu Sri');
  await page.getByTestId('nav-pengaturan').click();
  await expect(page.getByTestId('paired-store')).toContainText('Warung Bu Sri');
  await expect(page.getByText(`Server: ${SERVER}`)).toBeVisible();
  expect(errors).toEqual([]);
});

test('Daftar toko: the form checks itself before anything is made', async ({ page }) => {
  await open(page, '/?fresh');
  await fillShop(page);
  await fillSignUp(page, 'sri-contoh.id', '192.168.1.10:8787', 'pendek');
  await page.getByTestId('setup-submit').click();
  await expect(page.getByTestId('signup-server-error')).toContainText('http://');
  await expect(page.getByTestId('signup-email-error')).toHaveText('Email belum benar, mis. sri@contoh.id');
  await expect(page.getByTestId('signup-password-error')).toHaveText('Kata sandi minimal 8 karakter.');
  await page.getByTestId('signup-password').fill('rahasia123');
  await page.getByTestId('signup-password-again').fill('rahasia124');
  await page.getByTestId('setup-submit').click();
  await expect(page.getByTestId('signup-password-error')).toHaveText('Kedua kata sandi tidak sama. Ketik lagi.');
  // Nothing was made yet: the shop's fields are still open.
  await expect(page.getByTestId('setup-local-done')).toHaveCount(0);
  await expect(page.getByTestId('setup-name')).toBeEnabled();
});

test('Daftar toko: email_taken says so in Bahasa Indonesia and keeps the form; retry or go on', async ({ page }) => {
  const errors = await open(page, '/?fresh');
  await fillShop(page);
  await fillSignUp(page, 'sudah@contoh.id');
  await page.getByTestId('setup-submit').click();
  const refusal = page.getByTestId('signup-error');
  await expect(refusal).toHaveAttribute('data-code', 'email_taken');
  await expect(refusal).toHaveText(
    'Email ini sudah punya akun Laris. Pakai “Masuk ke toko yang ada” dengan kode pasangan dari back office.',
  );
  // Still the first run, with everything typed; the shop itself is made on this till.
  await expect(page.getByTestId('setup-local-done')).toBeVisible();
  await expect(page.getByTestId('setup-name')).toHaveValue('Warung Bu Sri');
  await expect(page.getByTestId('setup-name')).toBeDisabled();
  await expect(page.getByTestId('signup-server')).toHaveValue(SERVER);
  await expect(page.getByTestId('signup-email')).toHaveValue('sudah@contoh.id');
  await expect(page.getByTestId('signup-password')).toHaveValue('rahasia123');
  await expect(page.getByTestId('signup-password-again')).toHaveValue('rahasia123');
  await expect(page.getByTestId('setup-submit')).toHaveText('Coba daftar lagi');
  await expect(page.getByTestId('setup-continue-offline')).toBeVisible();

  // Another email: the retry only signs up (the shop is not made twice).
  await page.getByTestId('signup-email').fill('sri@contoh.id');
  await page.getByTestId('setup-submit').click();
  await expect(page.getByTestId('scan-input')).toBeVisible();
  await expectStore(page, 'Warung Bu Sri');
  expect(errors).toEqual([]);
});

test('Daftar toko refused: go on without the server, sign up later in Pengaturan with what was typed', async ({ page }) => {
  const errors = await open(page, '/?fresh');
  await fillShop(page);
  await fillSignUp(page, 'sudah@contoh.id');
  await page.getByTestId('setup-submit').click();
  await expect(page.getByTestId('signup-error')).toHaveAttribute('data-code', 'email_taken');
  await page.getByTestId('setup-continue-offline').click();
  await expect(page.getByTestId('scan-input')).toBeVisible();
  await expect(page.getByTestId('on-duty-name')).toHaveText('Bu Sri');
  await expect(page.getByTestId('sync-badge')).toHaveAttribute('data-state', 'unpaired');

  await page.getByTestId('nav-pengaturan').click();
  await expect(page.getByTestId('signup-form')).toBeVisible();
  await expect(page.getByTestId('signup-email')).toHaveValue('sudah@contoh.id');
  await expect(page.getByTestId('signup-server')).toHaveValue(SERVER);
  await page.getByTestId('signup-submit').click();
  await expect(page.getByTestId('signup-error')).toHaveAttribute('data-code', 'email_taken');
  await page.getByTestId('signup-email').fill('sri@contoh.id');
  await page.getByTestId('signup-submit').click();
  await expect(page.getByTestId('paired-store')).toContainText('Warung Bu Sri');
  await expect(page.getByTestId('sync-badge')).toHaveAttribute('data-state', 'online');
  expect(errors).toEqual([]);
});

test('Daftar toko on an invite-only server: the invite is asked for; a pasted sign-up link fills it', async ({ page }) => {
  await open(page, '/?fresh');
  await fillShop(page);
  await fillSignUp(page, 'sri@contoh.id', 'http://undangan.local:8787');
  await page.getByTestId('setup-submit').click();
  await expect(page.getByTestId('signup-error')).toHaveAttribute('data-code', 'signup_closed');
  await expect(page.getByTestId('signup-error')).toContainText('tautan undangan');
  await expect(page.getByTestId('signup-invite')).toBeFocused();
  await page.getByTestId('signup-invite').fill('http://undangan.local:8787/daftar?undangan=tok-salah');
  await expect(page.getByTestId('signup-invite')).toHaveValue('tok-salah');
  await page.getByTestId('setup-submit').click();
  await expect(page.getByTestId('signup-error')).toHaveAttribute('data-code', 'invalid_invite');
  await page.getByTestId('signup-invite').fill('tok-123');
  await page.getByTestId('setup-submit').click();
  await expect(page.getByTestId('scan-input')).toBeVisible();
  await expectStore(page, 'Warung Bu Sri');
});

test('Masuk ke toko yang ada: a pasted pairing link fills the server and the code', async ({ page }) => {
  const errors = await open(page, '/?fresh');
  await fillShop(page);
  await page.getByTestId('setup-mode-join').check();
  await page.getByTestId('join-code').fill(`${SERVER}/pasang?kode=k7mx4pq2`);
  await expect(page.getByTestId('join-server')).toHaveValue(SERVER);
  await expect(page.getByTestId('join-code')).toHaveValue(PAIRING_CODE);
  await expect(page.getByTestId('join-link-read')).toBeVisible();
  await page.getByTestId('setup-submit').click();
  await expect(page.getByTestId('scan-input')).toBeVisible();
  await expectStore(page, 'Warung Bu Sri');
  expect(errors).toEqual([]);
});

test('Masuk ke toko yang ada: a wrong code is refused on the first run; fixed, it pairs', async ({ page }) => {
  await open(page, '/?fresh');
  await fillShop(page);
  await page.getByTestId('setup-mode-join').check();
  await page.getByTestId('join-server').fill(SERVER);
  await page.getByTestId('join-code').fill('k7mx4pq');
  await page.getByTestId('setup-submit').click();
  await expect(page.getByTestId('join-code-error')).toContainText('yang diketik 7');
  await expect(page.getByTestId('setup-local-done')).toHaveCount(0);
  await page.getByTestId('join-code').fill('K7MX4PQ3');
  await expect(page.getByTestId('join-code')).toHaveValue('K7MX-4PQ3');
  await page.getByTestId('setup-submit').click();
  await expect(page.getByTestId('join-error')).toHaveAttribute('data-code', 'invalid_pairing_code');
  await expect(page.getByTestId('join-error')).toHaveText('Kode pasangan salah atau sudah dipakai.');
  await expect(page.getByTestId('setup-local-done')).toBeVisible();
  await expect(page.getByTestId('setup-submit')).toHaveText('Coba hubungkan lagi');
  await page.getByTestId('join-code').fill(PAIRING_CODE);
  await page.getByTestId('setup-submit').click();
  await expect(page.getByTestId('scan-input')).toBeVisible();
  await expectStore(page, 'Warung Bu Sri');
});

test.describe('phone 360×740', () => {
  test.use({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true });

  test('Daftar toko on a phone: nothing runs off the side, refused then signed up from Pengaturan', async ({ page }) => {
    const errors = await open(page, '/?fresh');
    await noSideScroll(page);
    await fillShop(page);
    await page.getByTestId('setup-mode-signup').tap();
    await fillSignUp(page, 'sudah@contoh.id');
    await noSideScroll(page);
    await page.getByTestId('setup-submit').tap();
    await expect(page.getByTestId('signup-error')).toHaveAttribute('data-code', 'email_taken');
    await expect(page.getByTestId('signup-error')).toBeVisible();
    await expect(page.getByTestId('setup-continue-offline')).toBeVisible();
    await noSideScroll(page);
    await page.screenshot({ path: 'test-results/first-run-signup-360.png', fullPage: true });
    // On to the till, then Pengaturan's Daftar toko, which fits the phone too.
    await page.getByTestId('setup-continue-offline').tap();
    await expect(page.getByTestId('scan-input')).toBeVisible();
    await page.getByTestId('nav-pengaturan').tap();
    await expect(page.getByTestId('signup-form')).toBeVisible();
    await noSideScroll(page);
    await page.getByTestId('signup-email').fill('sri@contoh.id');
    await page.getByTestId('signup-submit').tap();
    await expect(page.getByTestId('paired-store')).toContainText('Warung Bu Sri');
    await expect(page.getByTestId('sync-badge')).toHaveAttribute('data-state', 'online');
    await noSideScroll(page);
    expect(errors).toEqual([]);
  });

  test('Masuk ke toko yang ada on a phone: a link typed into the code field', async ({ page }) => {
    const errors = await open(page, '/?fresh');
    await fillShop(page);
    await page.getByTestId('setup-mode-join').tap();
    await noSideScroll(page);
    await page.getByTestId('join-code').pressSequentially(`${SERVER}/pasang?kode=k7mx4pq2`);
    await expect(page.getByTestId('join-server')).toHaveValue(SERVER);
    await expect(page.getByTestId('join-code')).toHaveValue(PAIRING_CODE);
    await noSideScroll(page);
    await page.getByTestId('setup-submit').tap();
    await expect(page.getByTestId('scan-input')).toBeVisible();
    await expect(page.getByTestId('sync-badge')).toHaveAttribute('data-state', 'online');
    expect(errors).toEqual([]);
  });
});

test('Pengaturan: a pairing link pasted into the code field fills the server as well', async ({ page }) => {
  const errors = await open(page);
  await page.getByTestId('nav-pengaturan').click();
  await page.getByTestId('pair-code').fill(`${SERVER}/pasang?kode=K7MX4PQ2`);
  await expect(page.getByTestId('pair-server-url')).toHaveValue(SERVER);
  await expect(page.getByTestId('pair-code')).toHaveValue(PAIRING_CODE);
  await page.getByTestId('pair-submit').click();
  await expect(page.getByTestId('paired-store')).toContainText('Warung Laris Manis');
  expect(errors).toEqual([]);
});
