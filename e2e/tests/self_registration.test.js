// A family applies online at phone width without JavaScript, gets a tracking number; the
// village operator verifies and accepts it; the family then sees "diterima".
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

const members = [
  { nik: '3175070505900031', name: 'Agus Prasetyo', place: 'Jakarta', born: '05-05-1990', sex: 'L', relationship: 'kepala' },
  { nik: '3175074808920032', name: 'Dewi Lestari', place: 'Bekasi', born: '08-08-1992', sex: 'P', relationship: 'istri' },
];

async function fillForm(page) {
  await page.locator('#kk').fill('3175070101240031');
  await page.locator('#address').fill('Jl. Delima No. 9');
  await page.locator('#rt').fill('2');
  await page.locator('#rw').fill('6');
  await page.locator('#phone').fill('0812 7777 8888');
  for (const [row, m] of members.entries()) {
    await page.locator(`#members-${row}-nik`).fill(m.nik);
    await page.locator(`#members-${row}-name`).fill(m.name);
    await page.locator(`#members-${row}-birth_place`).fill(m.place);
    await page.locator(`#members-${row}-birth_date`).fill(m.born);
    await page.locator(`#members-${row}-sex`).selectOption(m.sex);
    await page.locator(`#members-${row}-relationship`).selectOption(m.relationship);
  }
  await page.getByLabel('Mengapa keluarga Anda membutuhkan bantuan?')
    .fill('Usaha warung tutup sejak banjir bulan lalu, belum ada penghasilan lagi.');
}

test('a family registers online, an operator accepts, and the family sees it', async () => {
  const family = await phonePage(browser, { javaScriptEnabled: false });
  await family.goto(`${server.url}/masuk`);
  await family.getByRole('link', { name: 'Daftar bantuan sosial' }).first().click();
  await family.waitForURL(`${server.url}/daftar`);
  assert.equal(await family.locator('h1').textContent(), 'Pendaftaran mandiri bantuan sosial');

  // The village is chosen by name from lists, province down to village; no code to type.
  for (const place of ['Daerah Khusus Ibukota Jakarta', 'Kota Administrasi Jakarta Timur', 'Duren Sawit', 'Klender']) {
    await family.getByRole('link', { name: place, exact: true }).click();
  }
  await family.waitForURL(`${server.url}/daftar?desa=31.75.07.1003`);
  assert.match(await family.locator('#village').textContent(), /Klender, Kec\. Duren Sawit/);

  // A missing statement is named beside its field; what was typed stays.
  await fillForm(family);
  await family.getByLabel('Mengapa keluarga Anda membutuhkan bantuan?').fill('');
  await family.getByRole('button', { name: 'Kirim pendaftaran' }).click();
  assert.match(await family.locator('#statement-error').textContent(), /10 sampai 1000 karakter/);
  assert.equal(await family.locator('#members-1-name').inputValue(), 'Dewi Lestari');
  const width = await family.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `no horizontal scrolling at 360 px (width ${width})`);
  await family.screenshot({ path: path.join(artifacts, 'self-registration-errors-360.png'), fullPage: true });

  await fillForm(family);
  await family.getByRole('button', { name: 'Kirim pendaftaran' }).click();
  await family.waitForURL(/\/daftar\/terkirim\//);
  const tracking = (await family.locator('#tracking-number').textContent()).trim();
  assert.match(tracking, /^TPT-[0-9A-HJKMNP-TV-Z]{10}$/);
  await family.screenshot({ path: path.join(artifacts, 'self-registration-sent-360.png') });

  const operator = await phonePage(browser);
  await logIn(operator, server.url, 'op.klender');
  await operator.waitForURL(`${server.url}/beranda`);
  await openMenu(operator);
  await operator.getByRole('link', { name: 'Pendaftaran mandiri' }).first().click();
  await operator.getByRole('link', { name: 'Agus Prasetyo' }).click();
  await operator.screenshot({ path: path.join(artifacts, 'self-registration-queue-detail-360.png'), fullPage: true });
  await operator.getByLabel('Keluarga ditemui, data sesuai').check();
  await operator.locator('#survey-floor_material').selectOption('tanah');
  await operator.getByRole('button', { name: 'Simpan hasil verifikasi' }).click();
  assert.match(await operator.locator('#status').textContent(), /Sudah diverifikasi/);
  await operator.getByRole('button', { name: 'Terima ke data terpadu' }).click();
  assert.match(await operator.locator('#status').textContent(), /Diterima/);
  await operator.locator('#household-link').click();
  assert.match(await operator.locator('main').textContent(), /Agus Prasetyo/);
  await operator.context().close();

  await family.getByRole('link', { name: 'Cek status pendaftaran' }).click();
  assert.equal(await family.locator('#nomor').inputValue(), tracking);
  await family.locator('#tanggal_lahir').fill('05-05-1990');
  await family.getByRole('button', { name: 'Cek status' }).click();
  assert.match(await family.locator('#status-value').textContent(), /diterima/i);
  await family.screenshot({ path: path.join(artifacts, 'self-registration-accepted-360.png') });
  await family.context().close();
});
