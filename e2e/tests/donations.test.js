// Donations in the browser, on a phone without JavaScript: the facilitator posts a
// household's need with its consent, the demo donor pledges money to it and is given the
// payment reference, and the fulfilled demo need shows the household's confirmation, with
// its proof in the log, to its donor; the public list shows masked names only.
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
  await page.screenshot({ path: path.join(artifacts, `donations-${name}.png`), fullPage: true });
}

test('the public list shows the demo needs with masked names and totals', async () => {
  const page = await phonePage(browser, { javaScriptEnabled: false });
  await page.goto(`${server.url}/donasi`);
  const needs = page.locator('article.need');
  assert.equal(await needs.count(), 4);
  assert.match(await page.locator('main').innerText(), /Sudah diterima/);
  assert.match(await page.locator('#statistik').innerText(), /Jumlah per kecamatan/);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `no sideways scrolling (${width}px)`);
  await shot(page, 'list');
  await page.context().close();
});

test('a facilitator posts a need with consent and a donor pledges money to it', async () => {
  const official = await phonePage(browser, { javaScriptEnabled: false });
  await logIn(official, server.url, 'pendamping.durensawit');
  await official.goto(`${server.url}/keluarga?wilayah=31.75.07.1003`);
  const href = await official.locator('a[href^="/keluarga/"]').last().getAttribute('href');
  const household = href.split('/')[2].split('?')[0];
  await official.goto(`${server.url}/donasi/baru`);
  await official.locator('#household_id').fill(household);
  await official.locator('#category').selectOption('health');
  await official.locator('#description').fill('Kursi roda untuk ibu');
  await official.locator('#amount_rupiah').fill('2500000');
  const deadline = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  await official.locator('#deadline').fill(deadline);
  await official.locator('#situation').fill('Ibu lumpuh sejak stroke, anak bekerja serabutan');
  await official.getByRole('button', { name: 'Umumkan' }).click();
  assert.match(await official.locator('#form-errors').innerText(), /persetujuan keluarga wajib/);
  await official.getByLabel('Keluarga sudah setuju kebutuhannya diumumkan').check();
  await official.getByRole('button', { name: 'Umumkan' }).click();
  assert.match(official.url(), /\/donasi\/\d+$/);
  const needUrl = official.url();
  assert.match(await official.locator('#need').innerText(), /2\.500\.000/);
  await shot(official, 'posted');
  await official.context().close();

  const donor = await phonePage(browser, { javaScriptEnabled: false });
  await logIn(donor, server.url, 'donatur.demo');
  await donor.goto(needUrl);
  await donor.locator('#amount').fill('3000000');
  await donor.getByRole('button', { name: 'Janjikan donasi' }).click();
  assert.match(await donor.locator('#form-errors').innerText(), /melebihi sisa kebutuhan/);
  await donor.locator('#amount').fill('1000000');
  await donor.getByRole('button', { name: 'Janjikan donasi' }).click();
  assert.match(await donor.locator('#reference').innerText(), /DON-/);
  await shot(donor, 'pledged');
  await donor.goto(needUrl);
  assert.match(await donor.locator('#open').innerText(), /1\.500\.000/);
  await donor.context().close();
});

test('the donor sees the household confirmed the fulfilled need, with its log proof', async () => {
  const donor = await phonePage(browser, { javaScriptEnabled: false });
  await logIn(donor, server.url, 'donatur.demo');
  await donor.goto(`${server.url}/donasi/saya`);
  await donor.locator('a[href^="/donasi/saya/"]').last().click();
  assert.match(await donor.locator('#status').innerText(), /Dikonfirmasi keluarga/);
  assert.match(await donor.locator('#proofs').innerText(), /Keluarga mengonfirmasi penerimaan/);
  const photo = await donor.locator('#photo a').getAttribute('href');
  const response = await donor.request.get(`${server.url}${photo}`);
  assert.equal(response.status(), 200);
  await shot(donor, 'confirmed');
  await donor.context().close();
});
