// Vouchers in the browser, on a phone without JavaScript: the district office prints the
// Sembako cards of Jakarta Timur (each with its QR code and typed code); the e-warong in
// Klender types one card's code and a basket, sees the receipt with the balance left and
// the purchase in its list; goods the programme does not pay for are refused by the field.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { artifacts, launchBrowser, logIn, phonePage, startDemo } from './helpers.js';

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

async function shot(page, name) {
  await page.screenshot({ path: path.join(artifacts, `vouchers-${name}.png`), fullPage: true });
}

/** The typed code of the last card on the district's sheet. */
async function lastCardCode() {
  const page = await phonePage(browser, { javaScriptEnabled: false });
  await logIn(page, server.url, 'dinsos.jaktim');
  await page.goto(`${server.url}/voucher/kartu?wilayah=31.75`);
  const cards = page.locator('.voucher-card');
  assert.ok(await cards.count() >= 1, 'a card per voucher');
  assert.equal(await cards.first().locator('svg').count(), 1, 'each card has its QR code');
  await shot(page, 'cards');
  const code = await page.locator('.voucher-code strong').last().innerText();
  await page.context().close();
  return code;
}

test('an e-warong redeems a printed voucher by its typed code', async () => {
  const code = await lastCardCode();
  assert.match(code, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  const page = await phonePage(browser, { javaScriptEnabled: false });
  await logIn(page, server.url, 'warong.klender');
  await page.goto(`${server.url}/warung`);
  assert.match(await page.locator('h1').innerText(), /E-Warong Berkah Klender/);
  await page.locator('#voucher').fill(code.toLowerCase());
  await page.locator('#kategori_1').selectOption('beras');
  await page.locator('#uraian_1').fill('Beras medium 5 kg');
  await page.locator('#jumlah_1').fill('1');
  await page.locator('#nilai_1').fill('20.000');
  await page.getByRole('button', { name: 'Tebus voucher' }).click();
  assert.match(await page.locator('#receipt').innerText(), /Transaksi berhasil/);
  assert.match(await page.locator('#receipt').innerText(), /Rp20\.000/);
  assert.match(await page.locator('#recent').innerText(), new RegExp(code));
  await shot(page, 'receipt');
  await page.context().close();
});

test('a basket over the balance is refused next to the form and nothing is spent', async () => {
  const code = await lastCardCode();
  const page = await phonePage(browser, { javaScriptEnabled: false });
  await logIn(page, server.url, 'warong.klender');
  await page.goto(`${server.url}/warung`);
  const before = await page.locator('#recent tbody tr').count();
  await page.locator('#voucher').fill(code);
  await page.locator('#kategori_1').selectOption('telur');
  await page.locator('#uraian_1').fill('Telur 100 kg');
  await page.locator('#jumlah_1').fill('1');
  await page.locator('#nilai_1').fill('9.000.000');
  await page.getByRole('button', { name: 'Tebus voucher' }).click();
  assert.match(await page.locator('#form-errors').innerText(), /melebihi sisa saldo voucher/);
  assert.equal(await page.locator('#recent tbody tr').count(), before);
  await shot(page, 'refused');
  await page.context().close();
});

test('a Sembako cycle approved by the province is paid as vouchers from its page', async () => {
  const approver = await phonePage(browser, { javaScriptEnabled: false });
  await logIn(approver, server.url, 'dinsos.dki');
  await approver.goto(`${server.url}/penyaluran`);
  await approver.locator('#cycles a', { hasText: 'Sembako 2027 Februari' }).first().click();
  const cycle = new URL(approver.url()).pathname;
  await approver.getByRole('button', { name: 'Setujui tahap' }).click();
  await approver.context().close();

  const page = await phonePage(browser, { javaScriptEnabled: false });
  await logIn(page, server.url, 'dinsos.jaktim');
  await page.goto(`${server.url}${cycle}`);
  assert.match(await page.locator('#vouchers').innerText(), /Diterbitkan: 0/);
  await page.getByRole('button', { name: 'Terbitkan voucher' }).click();
  assert.match(await page.locator('#vouchers').innerText(), /Diterbitkan: [1-9]/);
  assert.equal(await page.getByRole('button', { name: 'Terbitkan voucher' }).count(), 0,
    'every entitlement has its voucher');
  await shot(page, 'cycle');
  await page.context().close();
});

test('the district office registers an e-warong on a phone and suspends it with a reason', async () => {
  const page = await phonePage(browser, { javaScriptEnabled: false });
  await logIn(page, server.url, 'dinsos.jaktim');
  await page.goto(`${server.url}/pedagang`);
  assert.match(await page.locator('#merchants').innerText(), /E-Warong Berkah Klender/);
  await page.locator('#code').fill('Warong Baru!');
  await page.getByRole('button', { name: 'Daftarkan' }).click();
  assert.match(await page.locator('#form-errors').innerText(), /Kode/);
  await page.locator('#code').fill('warong.baru');
  await page.locator('#name').fill('E-Warong Baru Klender');
  await page.locator('#owner_name').fill('Ibu Ratna');
  await page.locator('#region').fill('31.75.07.1003');
  await page.locator('#bank_bic').fill('BRINIDJA');
  await page.locator('#account_number').fill('0123456789');
  await page.getByLabel('Beras').check();
  await page.getByLabel('Telur').check();
  await page.getByRole('button', { name: 'Daftarkan' }).click();
  const row = page.locator('#merchants tr', { hasText: 'E-Warong Baru Klender' });
  assert.match(await row.innerText(), /beras, telur/);
  await row.getByLabel('Alasan pembekuan').fill('Menjual paket wajib kepada penerima');
  await row.getByRole('button', { name: 'Bekukan toko' }).click();
  const suspended = page.locator('#merchants tr', { hasText: 'E-Warong Baru Klender' });
  assert.match(await suspended.innerText(), /Dibekukan: Menjual paket wajib/);
  await shot(page, 'merchants');
  await page.context().close();
});
