// Money in the browser, on a phone without JavaScript: the ministry submits an allocation
// of the national PKH line and cannot approve it itself; the DKI office approves it and the
// line's remainder drops; the Sembako cycle computed by the Jakarta Timur office waits for
// another official, the DKI office approves it and its envelope is funded; the PKH payroll
// shows its reserved money; a bank's status report uploaded on a phone puts the rejected
// payment in the re-payment queue; an auditor follows a paid rupiah to the bank.
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
  await computer.locator('#cycles a', { hasText: 'Sembako 2027 Februari' }).first().click();
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

test("the bank's status report is uploaded on a phone and the rejected payment waits for re-payment", async () => {
  const page = await phonePage(browser, { javaScriptEnabled: false });
  await logIn(page, server.url, 'dinsos.jaktim');
  await page.goto(`${server.url}/penyaluran`);
  await page.locator('#cycles a', { hasText: 'tahap 2' }).first().click();
  const download = page.locator('a[download]').first();
  const href = await download.getAttribute('href');
  const file = await (await page.request.get(`${server.url}${href}`)).text();
  assert.match(file, /<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain\.001\.001\.09">/);
  const original = file.match(/<MsgId>([^<]+)<\/MsgId>/)[1];
  const lines = [...file.matchAll(/<EndToEndId>(\d+)<\/EndToEndId>.*?<InstdAmt Ccy="IDR">(\d+)</g)]
    .map(([, id, amount]) => `<TxInfAndSts><OrgnlEndToEndId>${id}</OrgnlEndToEndId><TxSts>RJCT</TxSts>`
      + `<StsRsnInf><Rsn><Cd>AC04</Cd></Rsn></StsRsnInf><OrgnlTxRef><Amt><InstdAmt Ccy="IDR">${amount}</InstdAmt></Amt></OrgnlTxRef></TxInfAndSts>`);
  assert.ok(lines.length > 0, file);
  const report = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.12"><CstmrPmtStsRpt>
<GrpHdr><MsgId>E2E-STS-1</MsgId><CreDtTm>2027-01-06T08:00:00</CreDtTm></GrpHdr>
<OrgnlGrpInfAndSts><OrgnlMsgId>${original}</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.09</OrgnlMsgNmId></OrgnlGrpInfAndSts>
<OrgnlPmtInfAndSts><OrgnlPmtInfId>${original}</OrgnlPmtInfId>${lines.join('')}</OrgnlPmtInfAndSts></CstmrPmtStsRpt></Document>`;
  const reportPath = path.join(artifacts, 'money-status.xml');
  const { writeFile } = await import('node:fs/promises');
  await writeFile(reportPath, report);
  await page.locator('input[type=file][name=berkas]').first().setInputFiles(reportPath);
  await page.getByRole('button', { name: 'Unggah dan cocokkan' }).first().click();
  const queue = await page.locator('#repay').innerText();
  assert.match(queue, /rekening sudah ditutup/);
  assert.match(await page.locator('.counts').first().innerText(), new RegExp(`Ditolak bank: ${lines.length}`));
  await shot(page, 'repayment-queue');
  await page.context().close();
});

test('an auditor follows a paid rupiah from the treasury to the bank', async () => {
  const page = await phonePage(browser, { javaScriptEnabled: false });
  await logIn(page, server.url, 'inspektorat.jaktim');
  await page.goto(`${server.url}/penyaluran`);
  await page.locator('#cycles a', { hasText: 'tahap 1' }).first().click();
  await page.locator('#entitlements a', { hasText: 'Jejak dana' }).first().click();
  assert.match(new URL(page.url()).pathname, /^\/jejak-dana\/payroll:\d+:entitlement:\d+:pay$/);
  const hops = page.locator('#hops > li');
  assert.equal(await hops.count(), 5);
  const text = await page.locator('#hops').innerText();
  assert.match(text, /Pagu didanai dari kas/);
  assert.match(text, /Dibayar bank ke rekening penerima/);
  assert.match(text, /Bank DKI/);
  await shot(page, 'trace');
  await page.context().close();
});
