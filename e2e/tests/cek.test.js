// Cek Bansos at phone width without JavaScript: a citizen chooses Klender from the lists,
// types part of a name, sees Siti Aminah masked with her programmes, and follows the link
// to object to one of them.
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

test('a citizen finds Siti Aminah of Klender masked and follows the link to object', async () => {
  const page = await phonePage(browser, { javaScriptEnabled: false });
  await page.goto(`${server.url}/cek`);
  assert.equal(await page.locator('h1').textContent(), 'Cek Bansos');
  for (const place of ['Daerah Khusus Ibukota Jakarta', 'Kota Administrasi Jakarta Timur', 'Duren Sawit', 'Klender']) {
    await page.getByRole('link', { name: place, exact: true }).click();
  }
  await page.waitForURL(`${server.url}/cek?desa=31.75.07.1003`);
  assert.match(await page.locator('#desa-terpilih').textContent(), /Klender, Kec\. Duren Sawit/);

  // Too few letters are refused beside the field, in Bahasa Indonesia.
  await page.getByLabel('Nama (sedikitnya 3 huruf)').fill('s');
  await page.locator('#cek-nama').getByRole('button', { name: 'Cari' }).click();
  assert.match(await page.locator('#name-error').textContent(), /sedikitnya 3 huruf/);

  await page.getByLabel('Nama (sedikitnya 3 huruf)').fill('siti ami');
  await page.locator('#cek-nama').getByRole('button', { name: 'Cari' }).click();
  const results = page.locator('#cek-results > li');
  const siti = results.filter({ hasText: 'S**I A****H' });
  assert.equal(await siti.count(), 1, await page.locator('main').textContent());
  const card = await siti.textContent();
  assert.match(card, /Klender/);
  assert.match(card, /Aktif/);
  assert.match(card, /Data per \d{1,2} [A-Z][a-z]{2} \d{4}/);
  assert.doesNotMatch(await page.content(), /\d{16}/, 'no NIK or KK on the page');
  assert.equal(await page.locator('#link-usul').getAttribute('href'), '/usul');
  await page.screenshot({ path: path.join(artifacts, 'cek-phone.png'), fullPage: true });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `the page fits a phone (${width} px)`);

  await siti.getByRole('link', { name: 'Sanggah penerima ini' }).first().click();
  await page.waitForURL(/\/sanggah\?peserta=\d+$/);
  assert.match(await page.locator('main').textContent(), /S\*\*\* A\*\*\*\*\*/);
});
