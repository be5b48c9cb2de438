// Vouchers without a connection, in a real browser at phone width: the Klender e-warong's
// page registers the phone's own key, records a purchase while the network is off (a
// forged QR text refused by the phone itself), and sends it when the network returns; the
// district office opens the demo's double spend, reads its proof and decides it.
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
  await page.screenshot({ path: path.join(artifacts, `offline-${name}.png`), fullPage: true });
}

/** The QR text of the first card on the district's sheet. */
async function firstCardText() {
  const page = await phonePage(browser, { javaScriptEnabled: false });
  await logIn(page, server.url, 'dinsos.jaktim');
  await page.goto(`${server.url}/voucher/kartu?wilayah=31.75`);
  const text = await page.locator('.voucher-qr').first().getAttribute('data-qr');
  await page.context().close();
  return text;
}

async function fillBasket(page, amount) {
  await page.locator('#offline-kategori-1').selectOption('beras');
  await page.locator('#offline-uraian-1').fill('Beras 1 kg');
  await page.locator('#offline-jumlah-1').fill('1');
  await page.locator('#offline-nilai-1').fill(String(amount));
}

test('an e-warong records a purchase offline and it is paid when the network returns', async () => {
  const qr = await firstCardText();
  assert.match(qr, /^TPV1\./);
  const page = await phonePage(browser);
  await logIn(page, server.url, 'warong.klender');
  await page.goto(`${server.url}/warung`);
  await page.locator('#offline-state').filter({ hasText: 'Siap tanpa sinyal' }).waitFor();
  assert.match(await page.locator('#loss-bound').innerText(), /Rp3\.000\.000/);
  await page.context().setOffline(true);

  const [head, body, signature] = qr.split('.');
  const swapped = (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1);
  await page.locator('#offline-voucher').fill([head, body, swapped].join('.'));
  await fillBasket(page, 2000);
  await page.getByRole('button', { name: 'Catat belanja' }).click();
  await page.locator('#offline-result').filter({ hasText: 'voucher palsu atau diubah' }).waitFor();

  await page.locator('#offline-voucher').fill(qr);
  await fillBasket(page, 2000);
  await page.getByRole('button', { name: 'Catat belanja' }).click();
  await page.locator('#offline-result').filter({ hasText: 'Tersimpan tanpa sinyal' }).waitFor();
  assert.match(await page.locator('#offline-queued').innerText(), /^1 belanja menunggu/);
  await shot(page, 'queued');

  await page.context().setOffline(false);
  await page.getByRole('button', { name: 'Kirim sekarang' }).click();
  await page.locator('#offline-result').filter({ hasText: 'Terkirim: 1 diterima' }).waitFor();
  assert.match(await page.locator('#offline-queued').innerText(), /^0 belanja menunggu/);
  await page.reload();
  assert.match(await page.locator('#recent').innerText(), /Rp2\.000/);
  await shot(page, 'synced');
  await page.context().close();
});

test('the district office reads the proof of a double spend and decides it', async () => {
  const page = await phonePage(browser, { javaScriptEnabled: false });
  await logIn(page, server.url, 'dinsos.jaktim');
  await page.goto(`${server.url}/pedagang`);
  const row = page.locator('#double-spends tbody tr').first();
  assert.match(await row.innerText(), /Menunggu keputusan/);
  await row.getByRole('link').click();
  assert.match(await page.locator('h1').innerText(), /Belanja ganda #\d+/);
  assert.match(await page.locator('#proof').innerText(), /E-Warong Berkah Klender/);
  assert.equal(await page.locator('.purchase details').count() >= 1, true, 'the signed record');
  await page.getByRole('button', { name: 'Putuskan' }).click();
  assert.match(await page.locator('#form-errors').innerText(), /harus terbukti curang atau bukan/);
  await page.getByLabel('Bukan kecurangan (kesalahan jujur)').check();
  await page.getByLabel('Catatan keputusan (5–500 karakter)').fill('Sinyal putus, pemilik toko sudah mengembalikan barang.');
  await page.getByRole('button', { name: 'Putuskan' }).click();
  assert.match(await page.locator('#proof-status').innerText(), /Bukan kecurangan/);
  await shot(page, 'decided');
  await page.context().close();
});
