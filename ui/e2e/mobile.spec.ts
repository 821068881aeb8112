import { expect, test } from '@playwright/test';
import { open, scan } from './helpers';

test.describe('phone 360×740', () => {
  test.use({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true });

  test('ring up and pay on a 360 px phone, the cart one tap away', async ({ page }) => {
    const errors = await open(page);
    // Bottom navigation is on screen; nothing overflows sideways.
    await expect(page.getByTestId('nav-laporan')).toBeInViewport();
    await expect(page.getByTestId('sync-badge')).toBeInViewport();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    // The category row scrolls sideways.
    const tabs = page.locator('[role=tablist]');
    const scrollable = await tabs.evaluate((el) => getComputedStyle(el).overflowX);
    expect(['auto', 'scroll']).toContain(scrollable);
    await expect(page.getByTestId('category-tab').first()).toBeInViewport();

    await scan(page, '2000000000015');
    await page.locator('[data-testid=product-tile][data-sku=W0002]').tap();
    await page.locator('[data-testid=product-tile][data-sku=W0010]').tap();
    await page.getByTestId('weight-input').fill('0,5');
    await page.getByTestId('weight-confirm').tap();

    // 3.500 + 3.300 + 7.000, always visible in the bottom bar.
    const bar = page.getByTestId('cart-bar');
    await expect(bar).toBeInViewport();
    await expect(page.getByTestId('cart-bar-total')).toHaveText('Rp 13.800');
    await expect(page.getByTestId('cart-bar-count')).toHaveText('3 barang');
    // Prices on tiles are not clipped.
    const clipped = await page.getByTestId('product-tile').evaluateAll((tiles) =>
      tiles.filter((t) => {
        const p = t.querySelector('.price');
        if (!p) return false;
        const a = p.getBoundingClientRect();
        const b = t.getBoundingClientRect();
        return a.right > b.right - 2 || t.scrollWidth > t.clientWidth + 1;
      }).length,
    );
    expect(clipped).toBe(0);
    await page.screenshot({ path: '../docs/screenshots/kasir-360.png' });

    await bar.tap();
    const panel = page.getByTestId('cart-panel');
    await expect(panel.locator('header h2')).toBeInViewport();
    await expect(page.getByTestId('cart-total')).toHaveText('Rp 13.800');
    // Compact lines.
    for (const box of await page.getByTestId('cart-line').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height))) {
      expect(box).toBeLessThanOrEqual(64);
    }
    // The sheet fits the phone's width.
    const sheetOverflow = await panel.evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(sheetOverflow).toBeLessThanOrEqual(0);
    // No keyboard hints on a touch screen.
    await expect(page.getByTestId('pay-button')).toBeInViewport();
    await expect(page.getByText('(F8)')).toBeHidden();
    await page.screenshot({ path: '../docs/screenshots/cart-360.png' });

    await page.getByTestId('pay-button').tap();
    // One tap on a quick-cash amount pays; the change shows on the receipt.
    await page.getByTestId('quick-cash-20000').tap();
    await expect(page.getByTestId('receipt-no')).toBeVisible();
    await expect(page.getByTestId('receipt-change')).toHaveText('Rp 6.200');
    await page.getByTestId('new-sale').tap();
    await expect(page.getByTestId('cart-bar-total')).toHaveText('Rp 0');
    expect(errors).toEqual([]);
  });
});

test.describe('phone 360×740, the step 7 screens', () => {
  test.use({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true });

  test('Kasbon, Shift and Stok opname fit a 360 px phone; seven screens in the bottom bar', async ({ page }) => {
    const errors = await open(page);
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    for (const s of ['kasir', 'kasbon', 'shift', 'produk', 'laporan', 'orang', 'pengaturan']) {
      await expect(page.getByTestId(`nav-${s}`)).toBeInViewport({ ratio: 1 });
    }
    await expect(page.getByTestId('nav-pengaturan')).toHaveText('Pengaturan');

    // A kasbon sale from the phone.
    await scan(page, '2000000000015');
    await page.getByTestId('cart-bar').tap();
    await page.getByTestId('pay-button').tap();
    await page.getByTestId('method-kasbon').tap();
    await page.getByTestId('kasbon-customer-new').tap();
    await page.getByTestId('customer-name').fill('Pak Budi');
    await page.getByTestId('customer-phone').fill('081234567890');
    await page.getByTestId('customer-save').tap();
    await expect(page.getByTestId('kasbon-charge')).toHaveText('Rp 3.500');
    const dialogOverflow = await page.getByTestId('pay-dialog').evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(dialogOverflow).toBeLessThanOrEqual(0);
    await page.getByTestId('confirm-pay').tap();
    await page.getByTestId('new-sale').tap();

    await page.getByTestId('nav-kasbon').tap();
    await expect(page.getByTestId('kasbon-total')).toHaveText('Rp 3.500');
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.getByTestId('customer-row').first().tap();
    await expect(page.getByTestId('account-remind')).toBeVisible();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.screenshot({ path: '../docs/screenshots/kasbon-360.png' });
    await page.getByTestId('dialog-close').tap();

    await page.getByTestId('nav-shift').tap();
    await page.getByTestId('shift-float-input').fill('50.000');
    await page.getByTestId('shift-open').tap();
    await expect(page.getByTestId('shift-current')).toBeVisible();
    expect(await overflow()).toBeLessThanOrEqual(0);

    await page.getByTestId('nav-produk').tap();
    await page.getByTestId('produk-mode-count').tap();
    await page.locator('[data-testid=count-row][data-sku=W0001]').getByTestId('count-input').fill('20');
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.getByTestId('count-review').tap();
    const review = await page.getByTestId('count-review-dialog').evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(review).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
  });
});

test.describe('laptop 1280×680', () => {
  test.use({ viewport: { width: 1280, height: 680 } });

  test('the counter fits the default window', async ({ page }) => {
    const errors = await open(page);
    await scan(page, '2000000000015');
    await page.locator('[data-testid=product-tile][data-sku=W0002]').click();
    await expect(page.getByTestId('cart-total')).toHaveText('Rp 6.800');
    await expect(page.getByTestId('pay-button')).toBeInViewport();
    await expect(page.getByTestId('cart-bar')).toBeHidden();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: '../docs/screenshots/kasir-1280.png' });
    expect(errors).toEqual([]);
  });
});
