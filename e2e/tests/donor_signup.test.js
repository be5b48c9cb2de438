// A visitor signs up as a donor on a phone without JavaScript: the form names a mistake,
// the sign-up code reaches the SMS gateway (a webhook this test listens on), the code
// proves the phone, and the new donor signs in and pledges to a demo need.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import path from 'node:path';
import { artifacts, launchBrowser, phonePage, startDemo } from './helpers.js';

let server;
let browser;
let gateway;
const messages = [];

before(async () => {
  gateway = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => { body += chunk; });
    request.on('end', () => {
      messages.push(JSON.parse(body));
      response.writeHead(200).end();
    });
  });
  await new Promise((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  process.env.TEPAT_NOTIFY_WEBHOOK_URL = `http://127.0.0.1:${gateway.address().port}/sms`;
  process.env.TEPAT_NOTIFY_WEBHOOK_SECRET = 'rahasia-gateway-uji';
  process.env.TEPAT_NOTIFY_INTERVAL_SECONDS = '1';
  server = await startDemo();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.stop();
  gateway?.close();
});

/** Waits for the gateway to receive the sign-up code sent to `to`. */
async function codeSentTo(to) {
  for (let i = 0; i < 60; i += 1) {
    const found = messages.find((m) => m.kind === 'donor.contact_code' && m.to === to);
    if (found) return found.text.match(/\b(\d{6})\b/)[1];
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error('no sign-up code reached the gateway');
}

test('a visitor signs up as a donor, proves the phone with the code and pledges', async () => {
  const page = await phonePage(browser, { javaScriptEnabled: false });
  await page.goto(`${server.url}/donasi`);
  await page.getByRole('link', { name: 'Daftar sebagai donatur' }).click();
  await page.locator('#display_name').fill('Budi Santoso');
  await page.locator('#username').fill('budi.santoso');
  await page.locator('#contact').fill('0813 2222 3333');
  await page.locator('#password').fill('sandi-budi-panjang');
  await page.locator('#password_again').fill('sandi-budi-lain');
  await page.getByRole('button', { name: 'Daftar dan kirim kode' }).click();
  assert.match(await page.locator('#form-errors').innerText(), /tidak sama dengan kata sandi/);
  assert.equal(await page.locator('#display_name').inputValue(), 'Budi Santoso', 'kept');
  await page.locator('#password').fill('sandi-budi-panjang');
  await page.locator('#password_again').fill('sandi-budi-panjang');
  await page.getByRole('button', { name: 'Daftar dan kirim kode' }).click();
  assert.match(page.url(), /\/donasi\/daftar\/verifikasi\?nama=budi\.santoso$/);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `no sideways scrolling (${width}px)`);
  await page.screenshot({ path: path.join(artifacts, 'donor-signup-code.png'), fullPage: true });

  const code = await codeSentTo('081322223333');
  await page.locator('#code').fill(code);
  await page.getByRole('button', { name: 'Verifikasi' }).click();
  assert.match(await page.locator('#verified').innerText(), /sudah terverifikasi/);
  await page.getByRole('link', { name: 'Masuk' }).last().click();
  await page.getByLabel('Nama pengguna').fill('budi.santoso');
  await page.getByLabel('Kata sandi').fill('sandi-budi-panjang');
  await page.getByRole('button', { name: 'Masuk' }).click();
  assert.match(page.url(), /\/donasi$/);

  const needs = await page.locator('article.need h2 a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  let money = false;
  for (const need of needs) {
    await page.goto(`${server.url}${need}`);
    money = (await page.getByLabel('Nominal (Rp)').count()) > 0;
    if (money) break;
  }
  assert.ok(money, 'a demo need asks for money and takes pledges');
  await page.locator('#amount').fill('25000');
  await page.getByRole('button', { name: 'Janjikan donasi' }).click();
  assert.match(page.url(), /\/donasi\/saya\/\d+$/);
  await page.screenshot({ path: path.join(artifacts, 'donor-signup-pledged.png'), fullPage: true });
  await page.context().close();
});
