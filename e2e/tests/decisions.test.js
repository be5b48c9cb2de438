// Named decisions in the browser, on a phone without JavaScript: the Klender operator's
// proposal for his own relative is flagged and he cannot approve it; the district approves
// another proposal at its step; the district sees who objected to a recipient and the
// village operator does not, and the district finds the objection founded, which becomes a
// removal proposal; the public reads the village deliberation's minutes with the QR code
// of their entry in the transparency log.
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
  await page.screenshot({ path: path.join(artifacts, `decisions-${name}.png`), fullPage: true });
}

test('an operator cannot approve the proposal for his own relative, flagged at every step', async () => {
  const page = await phonePage(browser, { javaScriptEnabled: false });
  await logIn(page, server.url, 'op.klender');
  await page.goto(`${server.url}/usulan-bansos?flagged=1`);
  await page.locator('#proposals a[href^="/usulan-bansos/"]').first().click();
  assert.match(await page.locator('#conflicts').innerText(), /Nama keluarga mirip dalam RW yang sama/);
  assert.match(await page.locator('#proposal').innerText(), /Operator Kelurahan Klender/);
  await page.getByRole('button', { name: 'Setujui' }).click();
  assert.match(await page.locator('#form-errors').innerText(), /tidak boleh memutuskan usulannya sendiri/);
  assert.match(await page.locator('#chain').innerText(), /Menunggu keputusan/);
  await shot(page, 'flagged');
  await page.context().close();
});

test('the district approves a proposal at its step and it goes to the province', async () => {
  const page = await phonePage(browser, { javaScriptEnabled: false });
  await logIn(page, server.url, 'dinsos.jaktim');
  await page.goto(`${server.url}/usulan-bansos?status=pending&step=district`);
  await page.locator('#proposals a[href^="/usulan-bansos/"]').first().click();
  await page.locator('#note').fill('Data lapangan sesuai, diteruskan ke provinsi');
  await page.getByRole('button', { name: 'Setujui' }).click();
  const chain = await page.locator('#chain').innerText();
  assert.match(chain, /Suku Dinas Sosial Jakarta Timur/);
  assert.match(chain, /Dinas sosial provinsi: Menunggu keputusan/);
  await shot(page, 'district');
  await page.context().close();
});

test('who objected is seen by the district only, and a founded objection becomes a removal proposal', async () => {
  const operator = await phonePage(browser, { javaScriptEnabled: false });
  await logIn(operator, server.url, 'op.klender');
  await operator.goto(`${server.url}/sanggahan`);
  await operator.locator('#objections a[href^="/sanggahan/"]').first().click();
  assert.match(await operator.locator('#objector').innerText(), /Dirahasiakan/);
  await operator.context().close();
  const page = await phonePage(browser, { javaScriptEnabled: false });
  await logIn(page, server.url, 'dinsos.jaktim');
  await page.goto(`${server.url}/sanggahan`);
  await page.locator('#objections a[href^="/sanggahan/"]').first().click();
  assert.match(await page.locator('#objector').innerText(), /Budi Santoso/);
  await page.locator('#note').fill('Dicek ke lapangan: suami pegawai tetap, rumah direnovasi');
  await page.getByRole('button', { name: 'Terbukti', exact: true }).click();
  assert.match(await page.locator('#status').innerText(), /Terbukti/);
  await page.locator('#objection a[href^="/usulan-bansos/"]').click();
  assert.match(await page.locator('h1').innerText(), /Usul keluar program/);
  await shot(page, 'objection');
  await page.context().close();
});

test('the public reads the deliberation minutes with the QR code of their log entry', async () => {
  const page = await phonePage(browser, { javaScriptEnabled: false });
  await page.goto(`${server.url}/musyawarah?desa=31.75.07.1003`);
  await page.locator('#deliberations a[href^="/musyawarah/"]').last().click();
  assert.match(await page.locator('h1').innerText(), /Berita acara musyawarah/);
  const attendance = await page.locator('#attendance').innerText();
  assert.match(attendance, /Babinsa/);
  assert.match(attendance, /Wakil keluarga yang diusulkan/);
  assert.equal(await page.locator('#qr svg').count(), 1);
  const entry = await page.locator('a[href*="/api/v1/log/entries/"]').getAttribute('href');
  const response = await page.request.get(entry);
  assert.equal(response.status(), 200);
  await shot(page, 'minutes');
  await page.context().close();
});
