// Cek Bansos at phone width without JavaScript: a citizen chooses Klender from the lists,
// types part of a name and sees Siti Aminah masked with her programmes, then finds Budi
// Santoso with his and follows the link to object to one of them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { artifacts, launchBrowser, phonePage, startDemo } from './helpers.js';

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

test('a citizen finds Siti Aminah and Budi Santoso of Klender masked and objects to Budi', async () => {
  const page = await phonePage(browser, { javaScriptEnabled: false });
  await page.goto(`${server.url}/cek`);
  assert.equal(await page.locator('h1').textContent(), 'Cek Bansos');
  for (const place of ['Daerah Khusus Ibukota Jakarta', 'Kota Administrasi Jakarta Timur', 'Duren Sawit', 'Klender']) {
    await page.getByRole('link', { name: place, exact: true }).click();
  }
  await page.waitForURL(`${server.url}/cek?desa=31.75.07.1003`);
  assert.match(await page.locator('#desa-terpilih').textContent(), /Klender, Kec\. Duren Sawit/);

  // The field asks for 3 letters or more (the server refuses fewer, tested in the API tests).
  assert.equal(await page.getByLabel('Nama (sedikitnya 3 huruf)').getAttribute('minlength'), '3');

  await page.getByLabel('Nama (sedikitnya 3 huruf)').fill('siti ami');
  await page.locator('#cek-nama').getByRole('button', { name: 'Cari' }).click();
  const results = page.locator('#cek-results > li');
  const siti = results.filter({ hasText: 'S**I A****H' });
  assert.equal(await siti.count(), 1, await page.locator('main').textContent());
  const sitiCard = await siti.textContent();
  assert.match(sitiCard, /Klender[\s\S]*Program Keluarga Harapan/);
  assert.match(sitiCard, /Program Sembako/);
  assert.match(sitiCard, /Aktif/);
  assert.doesNotMatch(await page.content(), /\d{16}/, 'no NIK or KK on the page');
  assert.equal(await page.locator('#link-usul').getAttribute('href'), '/usul');

  await page.getByLabel('Nama (sedikitnya 3 huruf)').fill('budi');
  await page.locator('#cek-nama').getByRole('button', { name: 'Cari' }).click();
  const budi = results.filter({ hasText: 'B**I S*****O' });
  assert.equal(await budi.count(), 1, await page.locator('main').textContent());
  const card = await budi.textContent();
  assert.match(card, /Program Keluarga Harapan/);
  assert.match(card, /Aktif/);
  assert.match(card, /Data per \d{1,2} [A-Z][a-z]{2} \d{4}/);
  assert.doesNotMatch(await page.content(), /\d{16}/, 'no NIK or KK on the page');
  await page.screenshot({ path: path.join(artifacts, 'cek-phone.png'), fullPage: true });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `the page fits a phone (${width} px)`);

  await budi.getByRole('link', { name: 'Sanggah penerima ini' }).first().click();
  await page.waitForURL(/\/sanggah\?peserta=\d+$/);
  assert.match(await page.locator('main').textContent(), /B\*\*\* S\*\*\*\*\*\*/);
});
