// A district officer opens the duplicate queue, reads why a pair was proposed, and decides.
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

test('district officer decides that Muhammad and Mochamad Rizki are one person', async () => {
  const page = await phonePage(browser);
  await logIn(page, server.url, 'dinsos.jaktim');
  await page.waitForURL(`${server.url}/beranda`);
  await openMenu(page);
  await page.getByRole('link', { name: 'Duplikat', exact: true }).click();
  assert.equal(await page.locator('h1').textContent(), 'Kemungkinan duplikat');
  const rows = page.locator('#pairs tbody tr');
  assert.ok((await rows.count()) >= 2, 'the demo shows at least two pairs');
  await page.screenshot({ path: path.join(artifacts, 'duplicates-queue-360.png'), fullPage: true });
  await rows.filter({ hasText: 'Mochamad Rizki' }).getByRole('link', { name: 'Periksa' }).click();
  const side = page.locator('#side-by-side');
  assert.match(await side.textContent(), /Muhammad Rizki/);
  assert.match(await side.textContent(), /Mochamad Rizki/);
  const explanation = page.locator('#explanation');
  assert.match(await explanation.textContent(), /Nama\s*✔ sama persis/);
  assert.match(await page.locator('#probability').textContent(), /%$/);
  await page.screenshot({ path: path.join(artifacts, 'duplicates-pair-360.png'), fullPage: true });
  // A decision needs a reason.
  await page.getByRole('button', { name: 'Orang yang sama (gabungkan)' }).click();
  assert.match(await page.locator('#reason-error').textContent(), /tuliskan alasan/);
  await page.getByLabel('Alasan', { exact: true }).fill('KK dan akta lahir sama; terdaftar dua kali saat pindah.');
  await page.getByRole('button', { name: 'Orang yang sama (gabungkan)' }).click();
  assert.match(await page.locator('#pair-status').textContent(), /orang yang sama \(digabung\)/);
  assert.match(await page.locator('#decision').textContent(), /terdaftar dua kali/);
  await page.screenshot({ path: path.join(artifacts, 'duplicates-decided-360.png'), fullPage: true });
  await page.context().close();
});

test('a person in an undecided pair shows the hold badge', async () => {
  const page = await phonePage(browser);
  await logIn(page, server.url, 'dinsos.jaktim');
  await page.waitForURL(`${server.url}/beranda`);
  await page.goto(`${server.url}/duplikat`);
  const row = page.locator('#pairs tbody tr').filter({ hasText: 'Ahmad Hidayat' });
  await row.getByRole('link', { name: 'Periksa' }).click();
  await page.locator('.links-ab a').first().click();
  assert.match(await page.locator('#held').textContent(), /Ditahan: kemungkinan duplikat/);
  await page.context().close();
});

test('district officer starts a full run and follows it to the end', async () => {
  const page = await phonePage(browser);
  await logIn(page, server.url, 'dinsos.jaktim');
  await page.waitForURL(`${server.url}/beranda`);
  await page.goto(`${server.url}/duplikat/proses`);
  assert.match(await page.locator('#runs').textContent(), /Selesai/);
  const before = await page.locator('#runs tbody tr').count();
  await page.getByRole('button', { name: 'Mulai pemeriksaan sekarang' }).click();
  await page.waitForURL(`${server.url}/duplikat/proses`);
  let first = page.locator('#runs tbody tr').first();
  for (let tries = 0; tries < 30 && /Sedang berjalan/.test(await first.textContent()); tries++) {
    await page.waitForTimeout(500);
    await page.reload();
    first = page.locator('#runs tbody tr').first();
  }
  assert.equal(await page.locator('#runs tbody tr').count(), before + 1);
  assert.match(await first.textContent(), /Selesai/);
  await page.screenshot({ path: path.join(artifacts, 'duplicates-runs-360.png'), fullPage: true });
  await page.context().close();
});
