import { expect, type Page } from '@playwright/test';

/** Opens the app on the mock and fails the test on any console error (CSP violations too). */
export async function open(page: Page, path = '/'): Promise<string[]> {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(path);
  return errors;
}

export async function scan(page: Page, code: string): Promise<void> {
  const input = page.getByTestId('scan-input');
  await input.fill(code);
  await input.press('Enter');
}

/** Pays cash with one tap on a quick button (it pays at once) and returns after the receipt shows. */
export async function payCash(page: Page, quick: 'exact' | '10000' | '20000' | '50000' | '100000'): Promise<void> {
  await page.getByTestId('pay-button').click();
  await expect(page.getByTestId('pay-dialog')).toBeVisible();
  await page.getByTestId(`quick-cash-${quick}`).click();
  await expect(page.getByTestId('receipt-view')).toBeVisible();
}

/** The mock server's one pairing code (ui/src/lib/api/mock-sync.ts MOCK_PAIRING_CODE). */
export const PAIRING_CODE = 'K7MX-4PQ2';

/** Opens Pengaturan (unless `navigate` is false) and submits the pairing form with `code`. */
export async function pair(page: Page, code: string, navigate = true): Promise<void> {
  if (navigate) await page.getByTestId('nav-pengaturan').click();
  await page.getByTestId('pair-server-url').fill('http://192.168.1.10:8080');
  await page.getByTestId('pair-code').fill(code);
  await page.getByTestId('pair-submit').click();
}

/** Fills the first run's owner fields (the owner "Bu Sri", PIN 4821, as `?people` seeds). */
export async function setUpOwner(page: Page, name = 'Bu Sri', pin = '4821'): Promise<void> {
  await page.getByTestId('setup-owner-name').fill(name);
  await page.getByTestId('setup-pin').fill(pin);
  await page.getByTestId('setup-pin-again').fill(pin);
}

/** Logs in on the lock screen by tapping the person's tile and the PIN pad. */
export async function logInByTaps(page: Page, name: string, pin: string): Promise<void> {
  await page.locator(`[data-testid=lock-person][data-name="${name}"]`).click();
  for (const d of pin) await page.getByTestId(`pin-key-${d}`).click();
  await page.getByTestId('pin-submit').click();
}
