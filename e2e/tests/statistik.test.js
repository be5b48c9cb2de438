// The public statistics at phone width without JavaScript: a resident chooses Jakarta
// Timur from the lists, sees the charts and tables, and downloads the households' CSV,
// whose numbers are the page's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
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

/** `1.234` as the page writes it, or `< 5`, as the CSV writes it: `1234` or empty. */
function plain(text) {
  const t = text.trim();
  return t === '< 5' ? '' : t.replaceAll('.', '');
}

test('a resident sees charts and tables of Jakarta Timur and the CSV holds the same numbers', async () => {
  const page = await phonePage(browser, { javaScriptEnabled: false });
  await page.goto(`${server.url}/`);
  await page.getByRole('link', { name: 'Statistik dan data terbuka' }).click();
  await page.waitForURL(`${server.url}/statistik`);
  // The whole country opens with the lists; a region's page folds them under a summary.
  await page.locator('#pilihan').getByRole('link', { name: 'Daerah Khusus Ibukota Jakarta', exact: true }).click();
  await page.waitForURL(`${server.url}/statistik?wilayah=31`);
  await page.locator('details.picker-box > summary').click();
  await page.locator('#pilihan').getByRole('link', { name: 'Kota Administrasi Jakarta Timur', exact: true }).click();
  await page.waitForURL(`${server.url}/statistik?wilayah=31.75`);
  assert.match(await page.locator('h1').textContent(), /Jakarta Timur/);

  const section = page.locator('#tabel-rumah-tangga');
  assert.ok(await section.locator('svg.chart').isVisible(), 'the households chart is drawn');
  assert.ok(await page.locator('#tabel-penerima svg.chart').isVisible(), 'the recipients chart is drawn');
  const bars = await section.locator('svg.chart rect').count();
  assert.ok(bars >= 1, 'one bar per district');
  assert.match(await page.locator('#checkpoint').textContent(), /checkpoint/);

  const rows = section.locator('tbody tr');
  const shown = [];
  for (let i = 0; i < await rows.count(); i += 1) {
    const cells = await rows.nth(i).locator('td').allTextContents();
    shown.push(cells.map((c) => c.trim()));
  }
  const total = shown.find((cells) => cells[0] === 'Jumlah');
  assert.ok(total, JSON.stringify(shown));

  const downloading = page.waitForEvent('download');
  await section.getByRole('link', { name: 'CSV' }).click();
  const download = await downloading;
  const file = path.join(artifacts, 'statistik-rumah-tangga.csv');
  await download.saveAs(file);
  const lines = (await readFile(file, 'utf8')).trim().split(/\r?\n/).map((l) => l.split(','));
  const header = lines[0];
  const at = (name) => header.indexOf(name);
  assert.ok(at('keluarga') > 0 && at('penduduk') > 0, header.join(','));
  assert.equal(lines.length - 1, shown.length, 'one CSV row per table row');
  for (const [i, cells] of shown.entries()) {
    const csv = lines[i + 1];
    assert.equal(plain(cells[1]), csv[at('keluarga')], `households of ${cells[0]}`);
    assert.equal(plain(cells[2]), csv[at('penduduk')], `persons of ${cells[0]}`);
  }

  await page.screenshot({ path: path.join(artifacts, 'statistik-phone.png'), fullPage: true });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `the page fits a phone (${width} px)`);
  await page.context().close();
});
