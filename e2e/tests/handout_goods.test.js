// Goods and the check-in desk of hand-outs, in a real browser at phone width: the district
// office reads the demo flood relief's stock (bought, received, handed out, one blanket
// short, the value left matching the ledger) and decides the shortfall; a supplier is
// registered after a refused bank code; and a village desk checks a household in with the
// network off, the page itself served by its service worker, and sends it when it returns.
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
  await page.screenshot({ path: path.join(artifacts, `handout-${name}.png`), fullPage: true });
}

test('the district office reads the flood relief stock and decides its shortfall', async () => {
  const page = await phonePage(browser, { javaScriptEnabled: false });
  await logIn(page, server.url, 'dinsos.jaktim');
  await page.goto(`${server.url}/penyaluran-barang`);
  await page.getByRole('link', { name: 'Bantuan banjir Klender' }).first().click();
  const stock = await page.locator('#stock-items').innerText();
  for (const words of ['Beras', 'Selimut', 'Air mineral']) {
    assert.match(stock, new RegExp(words));
  }
  assert.match(await page.locator('#stock-value').innerText(), /cocok/);
  assert.equal(await page.locator('#deliveries li').count(), 3);
  const bank = await page.request.get(
    `${server.url}${await page.locator('#purchases ~ article a').first().getAttribute('href')}`);
  assert.equal(bank.status(), 200);
  assert.match(await bank.text(), /<MsgId>TEPAT-BARANG-/);
  const flag = page.locator('article[id^="shortfall-"]');
  assert.match(await flag.innerText(), /selimut[\s\S]*menunggu keputusan/);
  await shot(page, 'stock');
  await flag.getByLabel('Dapat dijelaskan').check();
  await flag.getByLabel('Catatan').fill('Satu selimut dipakai posko untuk bayi, ada berita acara');
  await flag.getByRole('button', { name: 'Putuskan' }).click();
  assert.match(await page.locator('article[id^="shortfall-"]').innerText(),
    /dapat dijelaskan — Satu selimut dipakai posko/);
  await page.context().close();
});

test('a supplier is registered once its bank code is right', async () => {
  const page = await phonePage(browser, { javaScriptEnabled: false });
  await logIn(page, server.url, 'dinsos.jaktim');
  await page.goto(`${server.url}/pemasok`);
  assert.match(await page.locator('#suppliers').innerText(), /CV Sumber Rejeki/);
  const fields = { name: 'UD Tani Makmur', owner: 'Slamet', phone: '081311112222',
    region: '31.75', bank_bic: 'bank dki', account_number: '1234567890', account_name: 'UD Tani Makmur' };
  for (const [name, value] of Object.entries(fields)) {
    await page.locator(`#register #${name}`).fill(value);
  }
  await page.getByRole('button', { name: 'Daftarkan pemasok' }).click();
  assert.match(await page.locator('#register').innerText(), /harus kode BIC bank/);
  await page.locator('#register #bank_bic').fill('BDKIIDJA');
  await page.getByRole('button', { name: 'Daftarkan pemasok' }).click();
  await page.waitForURL(`${server.url}/pemasok`);
  assert.match(await page.locator('#suppliers').innerText(), /UD Tani Makmur/);
  await page.context().close();
});

/** Schedules a hand-out in Klender the day after tomorrow; its page's URL and one household's code. */
async function scheduled(page) {
  await page.goto(`${server.url}/penyaluran-barang`);
  const later = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  const form = page.locator('#schedule');
  await form.locator('#programme').selectOption('BENCANA');
  const fields = { name: 'Bantuan susulan Klender', region: '31.75.07.1003',
    place: 'Posko RW 09 Klender', day: later, starts: '08:00', ends: '12:00',
    slot_minutes: '60', slot_capacity: '10', goods: 'Paket sembako 1' };
  for (const [name, value] of Object.entries(fields)) {
    await form.locator(`#${name}`).fill(value);
  }
  await form.getByRole('button', { name: 'Jadwalkan penyaluran' }).click();
  await page.waitForURL(/\/penyaluran-barang\/\d+$/);
  const url = page.url();
  await page.goto(`${server.url}/notifikasi`);
  const message = await page.locator('tr', { hasText: 'Posko RW 09 Klender' }).first().innerText();
  const code = message.match(/Kode hadir Anda ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/)[1];
  return { url, code };
}

test('a village desk checks a household in without a signal and sends it later', async () => {
  const page = await phonePage(browser);
  await logIn(page, server.url, 'dinsos.jaktim');
  const { url, code } = await scheduled(page);
  // The household's own page, linked from its message, shows the code for the desk.
  await page.goto(`${server.url}/penyaluran-barang/nilai?kode=${code}`);
  assert.equal(await page.locator('#shown-code').innerText(), code);
  assert.ok(await page.locator('#show-code svg').isVisible());
  await page.goto(`${url}/meja`);
  await page.locator('#desk-state').filter({ hasText: 'tersimpan di ponsel' }).waitFor();
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await page.locator('#desk-state').filter({ hasText: 'tersimpan di ponsel' }).waitFor();

  await page.context().setOffline(true);
  await page.reload();
  await page.locator('#desk-state').filter({ hasText: 'tersimpan di ponsel' }).waitFor();
  await page.locator('#desk-code').fill('ABCD-EFGH-JKMN');
  await page.getByRole('button', { name: 'Catat kehadiran' }).click();
  await page.locator('#desk-result').filter({ hasText: 'Kode tidak dikenal' }).waitFor();
  await page.locator('#desk-code').fill(code.toLowerCase());
  await page.getByRole('button', { name: 'Catat kehadiran' }).click();
  await page.locator('#desk-result').filter({ hasText: 'Hadir:' }).waitFor();
  assert.match(await page.locator('#desk-result').innerText(), /Paket sembako|Serahkan/);
  assert.match(await page.locator('#desk-queue').innerText(), /^1 kehadiran menunggu/);
  await page.locator('#desk-code').fill(code);
  await page.getByRole('button', { name: 'Catat kehadiran' }).click();
  await page.locator('#desk-result').filter({ hasText: 'sudah hadir' }).waitFor();
  await shot(page, 'desk-offline');

  await page.context().setOffline(false);
  await page.getByRole('button', { name: 'Kirim sekarang' }).click();
  await page.locator('#desk-result').filter({ hasText: 'Terkirim: 1 hadir' }).waitFor();
  assert.match(await page.locator('#desk-queue').innerText(), /^0 kehadiran menunggu/);
  await page.goto(url);
  assert.equal(await page.locator('td', { hasText: /^Hadir$/ }).count(), 1);
  await shot(page, 'desk-synced');
  await page.context().close();
});
