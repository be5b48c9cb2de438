// Money in the browser, on a phone without JavaScript: the ministry submits an allocation
// of the national PKH line and cannot approve it itself; the DKI office approves it and the
// line's remainder drops; the Sembako cycle computed by the Jakarta Timur office waits for
// another official, the DKI office approves it and its envelope is funded; the PKH payroll
// shows its reserved money.
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
  await page.screenshot({ path: path.join(artifacts, `money-${name}.png`), fullPage: true });
}

test('an allocation is submitted by one official and approved by another', async () => {
  const maker = await phonePage(browser, { javaScriptEnabled: false });
  await logIn(maker, server.url, 'kemensos');
  await maker.goto(`${server.url}/anggaran`);
  await maker.locator('#budget-lines a', { hasText: 'PKH' }).first().click();
  const line = new URL(maker.url()).pathname;
  assert.match(await maker.locator('#available').innerText(), /Rp48\.000\.000\.000/);
  await maker.locator('#region').fill('31.73');
  await maker.locator('#alloc-amount').fill('1.000.000.000');
  await maker.locator('#alloc-note').fill('PKH Kota Jakarta Barat 2027');
  await maker.getByRole('button', { name: 'Ajukan alokasi' }).click();
  const mine = await maker.locator('#allocations').innerText();
  assert.match(mine, /Anda yang mengajukan; petugas lain yang memutuskan/);
  await maker.context().close();

  const checker = await phonePage(browser, { javaScriptEnabled: false });
  await logIn(checker, server.url, 'dinsos.dki');
  await checker.goto(`${server.url}${line}`);
  const row = checker.locator('#allocations tr', { hasText: '31.73' });
  await row.getByRole('button', { name: 'Setujui' }).click();
  assert.match(await checker.locator('#allocations tr', { hasText: '31.73' }).innerText(), /Disetujui/);
  assert.match(await checker.locator('#available').innerText(), /Rp47\.000\.000\.000/);
  await shot(checker, 'allocation');
  await checker.context().close();
});

test('a cycle computed by the district is approved by the province, funding its envelope', async () => {
  const computer = await phonePage(browser, { javaScriptEnabled: false });
  await logIn(computer, server.url, 'dinsos.jaktim');
  await computer.goto(`${server.url}/penyaluran`);
  await computer.locator('#cycles a', { hasText: 'Sembako' }).first().click();
  const cycle = new URL(computer.url()).pathname;
  assert.match(await computer.locator('#status').innerText(), /menunggu persetujuan/);
  assert.equal(await computer.getByRole('button', { name: 'Setujui tahap' }).count(), 0,
    'who computed it cannot approve it');
  await computer.context().close();

  const approver = await phonePage(browser, { javaScriptEnabled: false });
  await logIn(approver, server.url, 'dinsos.dki');
  await approver.goto(`${server.url}${cycle}`);
  await approver.getByRole('button', { name: 'Setujui tahap' }).click();
  assert.match(await approver.locator('#status').innerText(), /Disetujui/);
  assert.match(await approver.locator('#cycle').innerText(), /envelope:cycle:/);
  await shot(approver, 'cycle');
  await approver.context().close();
});

test('the approved PKH payroll shows the money reserved for its recipients', async () => {
  const page = await phonePage(browser, { javaScriptEnabled: false });
  await logIn(page, server.url, 'inspektorat.jaktim');
  await page.goto(`${server.url}/penyaluran`);
  await page.locator('#cycles a', { hasText: 'PKH' }).first().click();
  assert.match(await page.locator('#payrolls').innerText(), /Disetujui, dana dicadangkan/);
  await page.context().close();
});
