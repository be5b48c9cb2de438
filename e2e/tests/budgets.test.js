// Budgets in the open, on a phone without JavaScript: the DKI office plans a BLT Dana Desa
// line, proposes a revision and cannot approve it itself; the ministry approves it; the
// public budget watch shows the new plan with the revision's reason and the realisation of
// the demo's PKH cycle in Jakarta Timur, with its CSV and JSON downloads.
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

test('a budget is planned, revised and approved, and its realisation is public', async () => {
  const maker = await phonePage(browser, { javaScriptEnabled: false });
  await logIn(maker, server.url, 'dinsos.dki');
  await maker.goto(`${server.url}/anggaran`);
  await maker.locator('#programme').selectOption('SEMBAKO');
  await maker.locator('#source').selectOption('APBD');
  await maker.locator('#amount').fill('400.000.000');
  await maker.locator('#purpose').fill('Sembako APBD DKI Jakarta');
  await maker.getByRole('button', { name: 'Simpan pagu' }).click();
  const line = new URL(maker.url()).pathname;
  assert.match(line, /^\/anggaran\/\d+$/);
  await maker.locator('#revision-amount').fill('450.000.000');
  await maker.locator('#revision-reason').fill('Harga beras naik sejak Januari');
  await maker.getByRole('button', { name: 'Usulkan revisi' }).click();
  assert.match(await maker.locator('#revisions').innerText(), /Usulan Anda; menunggu petugas lain/);
  assert.equal(await maker.locator('#revisions').getByRole('button', { name: 'Setujui' }).count(), 0,
    'who proposed it cannot approve it');
  await maker.context().close();

  const checker = await phonePage(browser, { javaScriptEnabled: false });
  await logIn(checker, server.url, 'kemensos');
  await checker.goto(`${server.url}${line}`);
  await checker.locator('#revisions').getByRole('button', { name: 'Setujui' }).click();
  assert.match(await checker.locator('#revisions').innerText(), /Disetujui/);
  assert.match(await checker.locator('#budget-line').innerText(), /Rp450\.000\.000/);
  await checker.context().close();

  const citizen = await phonePage(browser, { javaScriptEnabled: false });
  const id = line.split('/').pop();
  await citizen.goto(`${server.url}/anggaran-publik/pagu/${id}`);
  const figures = await citizen.locator(`#pagu-${id}`).innerText();
  assert.match(figures, /Rp450\.000\.000/);
  assert.match(figures, /Harga beras naik sejak Januari/);
  const width = await citizen.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `fits a phone (${width} px)`);

  await citizen.goto(`${server.url}/anggaran-publik`);
  await citizen.locator('#wilayah').selectOption('31.75');
  await citizen.locator('#program').selectOption('PKH');
  await citizen.getByRole('button', { name: 'Tampilkan' }).click();
  const paid = await citizen.locator('[data-figure="paid"]').first().innerText();
  assert.notEqual(paid, 'Rp0', 'the demo cycle paid recipients');
  assert.match(await citizen.locator('#checkpoint').innerText(), /checkpoint/);
  await citizen.screenshot({ path: path.join(artifacts, 'budgets-watch.png'), fullPage: true });
  const json = await (await fetch(`${server.url}/anggaran-publik.json?wilayah=31.75&program=PKH`)).json();
  assert.equal(`Rp${json.lines[0].paid.toLocaleString('id-ID')}`, paid);
  const csv = await (await fetch(`${server.url}/anggaran-publik.csv?wilayah=31.75&program=PKH`)).text();
  assert.match(csv.split('\r\n')[1], new RegExp(`,${json.lines[0].paid},`));
  await citizen.context().close();
});
