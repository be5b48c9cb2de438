// Targeting in the browser: the public programme list, a household's desil and why, a
// ministry officer calibrating a model from a sample, previewing and publishing a rule
// change per region, and a district officer approving an enrolment batch by name.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

/** A calibration sample: consumption falls with fewer assets and more members. */
function sampleCsv(rows) {
  const floors = ['tanah', 'bambu', 'kayu', 'semen', 'keramik'];
  const fuels = ['kayu_bakar', 'minyak_tanah', 'elpiji_3kg', 'elpiji'];
  let csv = 'region_code,floor_material,cooking_fuel,owns_motorbike,household_size,'
    + 'children_under_15,consumption_per_capita_rupiah\n';
  for (let i = 0; i < rows; i += 1) {
    const floor = i % 5;
    const fuel = Math.floor(i / 5) % 4;
    const motorbike = Math.floor(i / 20) % 2 === 0;
    const size = 1 + (Math.floor(i / 7) % 6);
    const children = Math.floor(i / 3) % Math.min(size, 3);
    const log = 13 + 0.15 * floor + 0.1 * fuel + (motorbike ? 0.2 : 0) - 0.08 * size
      + (0.05 * ((i * 7919) % 11)) / 11;
    csv += `31.75.07.1003,${floors[floor]},${fuels[fuel]},${motorbike ? 'ya' : 'tidak'},`
      + `${size},${children},${Math.round(Math.exp(log))}\n`;
  }
  return csv;
}

test('anyone reads every programme with its rule in words', async () => {
  const page = await phonePage(browser, { javaScriptEnabled: false });
  const response = await page.goto(`${server.url}/program`);
  assert.equal(response.status(), 200);
  const text = await page.locator('main').textContent();
  for (const name of ['Program Keluarga Harapan', 'Program Sembako', 'Bantuan Langsung Tunai Dana Desa',
    'Program Indonesia Pintar', 'Kartu Jakarta Pintar Plus', 'Bantuan Korban Bencana']) {
    assert.match(text, new RegExp(name), `${name} is listed`);
  }
  assert.match(text, /desil/, 'rules are shown in words');
  await page.context().close();
});

test('a household enrolled in PKH shows its desil and why', async () => {
  const page = await phonePage(browser);
  await logIn(page, server.url, 'kemensos');
  await page.waitForURL(`${server.url}/beranda`);
  await page.goto(`${server.url}/program/PKH/peserta`);
  await page.locator('#batches a').first().click();
  await page.locator('#lines a[href^="/keluarga/"]').first().click();
  const welfare = page.locator('#welfare');
  assert.match(await welfare.textContent(), /[Dd]esil/);
  const reasons = await page.locator('#welfare-why tbody tr').count();
  assert.ok(reasons >= 3, `each attribute's contribution is listed (${reasons})`);
  await page.screenshot({ path: path.join(artifacts, 'household-desil-360.png'), fullPage: true });
  await page.context().close();
});

test('a ministry officer calibrates a model and sees R² and both errors', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tepat-sample-'));
  const file = path.join(dir, 'sampel.csv');
  writeFileSync(file, sampleCsv(300));
  const page = await phonePage(browser);
  await logIn(page, server.url, 'kemensos');
  await page.waitForURL(`${server.url}/beranda`);
  await page.goto(`${server.url}/penargetan/model/kalibrasi`);
  await page.getByLabel('Nama model').fill('Uji peramban');
  await page.getByLabel('Batas desil yang disasar').fill('4');
  await page.getByLabel('Berkas sampel (CSV atau XLSX)').setInputFiles(file);
  await page.getByRole('button', { name: 'Sesuaikan bobot' }).click();
  await page.waitForURL(/\/penargetan\/model\/draf\/\d+$/);
  const r2 = Number((await page.locator('#r2').textContent()).replace(',', '.'));
  assert.ok(r2 > 0.5 && r2 <= 1, `R² of the fit (${r2})`);
  assert.match(await page.locator('#inclusion').textContent(), /%/);
  assert.match(await page.locator('#exclusion').textContent(), /%/);
  await page.locator('#publish').click();
  await page.waitForURL(/\/penargetan\/model\/\d+$/);
  assert.match(await page.locator('#model-facts').textContent(), /R²/);
  await page.context().close();
});

test('a ministry officer previews a rule change per region, then publishes it', async () => {
  const page = await phonePage(browser);
  await logIn(page, server.url, 'kemensos');
  await page.waitForURL(`${server.url}/beranda`);
  await page.goto(`${server.url}/program/SEMBAKO/aturan`);
  await page.getByLabel('Aturan').fill('desil <= 6');
  await page.getByRole('button', { name: 'Pratinjau' }).click();
  assert.match(await page.locator('#as-of').textContent(), /Data registri per/);
  const regions = await page.locator('#by-region tbody tr').count();
  assert.ok(regions >= 1, 'figures per province');
  assert.match(await page.locator('#by-region').textContent(), /Jakarta/);
  assert.equal(await page.locator('#chart').count(), 1, 'a chart of the figures');
  await page.screenshot({ path: path.join(artifacts, 'rule-preview-360.png'), fullPage: true });
  await page.getByRole('button', { name: 'Terbitkan' }).click();
  await page.waitForURL(`${server.url}/program/SEMBAKO`);
  assert.match(await page.locator('main').textContent(), /desil/);
  await page.context().close();
});

test('a district officer approves the village\'s enrolment batch by name', async () => {
  const page = await phonePage(browser, { javaScriptEnabled: false });
  await logIn(page, server.url, 'dinsos.jaktim');
  await page.waitForURL(`${server.url}/beranda`);
  await page.goto(`${server.url}/program/BLT_DD/peserta`);
  await page.locator('#batches a').first().click();
  assert.match(await page.locator('#status').textContent(), /Menunggu/);
  await page.getByLabel('Catatan atau alasan').fill('Sesuai hasil musyawarah desa');
  await page.getByRole('button', { name: /^Setujui/ }).click();
  assert.equal(await page.locator('#status').textContent(), 'Disetujui');
  assert.match(await page.locator('#decided').textContent(), /Suku Dinas Sosial Jakarta Timur/);
  await page.context().close();
});
