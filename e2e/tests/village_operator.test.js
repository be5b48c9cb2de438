// A village operator logs in on a phone, sees the dashboard, and is refused another village.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { artifacts, launchBrowser, logIn, openMenu, phonePage, startDemo } from './helpers.js';

let server;
let browser;

before(async () => {
  server = await startDemo();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

test('operator of Klender logs in and sees the dashboard at phone width', async () => {
  const page = await phonePage(browser);
  await logIn(page, server.url, 'op.klender');
  await page.waitForURL(`${server.url}/beranda`);
  assert.equal(await page.locator('html').getAttribute('lang'), 'id');
  assert.equal(await page.locator('h1').textContent(), 'Beranda');
  assert.match(await page.locator('main').textContent(), /Klender/);
  const counts = await page.locator('#counts li').count();
  assert.ok(counts >= 2, 'dashboard shows counts');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(overflow <= 360, `no horizontal scrolling at 360 px (width ${overflow})`);
  await page.screenshot({ path: path.join(artifacts, 'dashboard-360.png'), fullPage: true });
  await page.context().close();
});

test('operator of Klender is refused the page of Pondok Bambu', async () => {
  const page = await phonePage(browser);
  await logIn(page, server.url, 'op.klender');
  await page.waitForURL(`${server.url}/beranda`);
  const response = await page.goto(`${server.url}/wilayah/31.75.07.1002`);
  assert.equal(response.status(), 403);
  assert.match(await page.locator('[role=alert]').textContent(), /di luar wilayah kewenangan/);
  const own = await page.goto(`${server.url}/wilayah/31.75.07.1003`);
  assert.equal(own.status(), 200);
  await page.screenshot({ path: path.join(artifacts, 'refused-360.png') });
  await page.context().close();
});

test('everything works without JavaScript, including the language switch', async () => {
  const page = await phonePage(browser, { javaScriptEnabled: false });
  await logIn(page, server.url, 'dinsos.jaktim');
  await page.waitForURL(`${server.url}/beranda`);
  await page.getByRole('link', { name: 'English' }).click();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.equal(await page.locator('h1').textContent(), 'Dashboard');
  await openMenu(page);
  await page.getByRole('link', { name: 'Regions' }).click();
  await page.getByLabel('Search region name').fill('klender');
  await page.getByRole('button', { name: 'Search' }).click();
  assert.match(await page.locator('main').textContent(), /31\.75\.07\.1003/);
  await page.context().close();
});

test('an administrator sees each form error beside its field', async () => {
  const page = await phonePage(browser);
  await logIn(page, server.url, 'admin');
  await page.waitForURL(`${server.url}/beranda`);
  await page.goto(`${server.url}/akun/baru`);
  await page.getByLabel('Nama pengguna').fill('x');
  await page.getByLabel('Kode wilayah').fill('31.75.07.99');
  await page.getByRole('button', { name: 'Simpan akun' }).click();
  assert.match(await page.locator('#username-error').textContent(), /3 sampai 40 karakter/);
  assert.match(await page.locator('#region_code-error').textContent(), /tidak sesuai format/);
  assert.equal(await page.getByLabel('Nama pengguna').getAttribute('aria-invalid'), 'true');
  await page.screenshot({ path: path.join(artifacts, 'account-form-errors-360.png'), fullPage: true });
  await page.context().close();
});
