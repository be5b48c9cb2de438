// Complaints and reports of extortion at phone width without JavaScript: a citizen files a
// complaint with a photo and a place, the district office answers it, and the citizen reads
// the answer by tracking code; someone reports extortion anonymously, the report reaches the
// inspectorate above the accused, and the demo's unanswered report has gone a level up.
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

/** A whole small JPEG (SOI, JFIF, a scan with three bytes, EOI). */
const photo = {
  name: 'antrean.jpg',
  mimeType: 'image/jpeg',
  buffer: Buffer.from([0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 0x4A, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1,
    0, 1, 0, 0, 0xFF, 0xDA, 0, 2, 1, 2, 3, 0xFF, 0xD9]),
};

test('a complaint with a photo and a place is followed by its code until the office answers', async () => {
  const citizen = await phonePage(browser, { javaScriptEnabled: false });
  await citizen.goto(`${server.url}/lapor?desa=31.75.07.1003`);
  assert.match(await citizen.locator('#village').textContent(), /Klender/);
  await citizen.locator('#category').selectOption('not_received');
  await citizen.locator('#description').fill('Bantuan PKH tahap ini belum kami terima sama sekali');
  await citizen.locator('#foto').setInputFiles(photo);
  await citizen.locator('#latitude').fill('-6.2146');
  await citizen.locator('#longitude').fill('106.9283');
  await citizen.locator('form[action="/lapor"] button[type=submit]').click();
  const code = (await citizen.locator('#tracking-code').textContent()).trim();
  assert.match(code, /^LPR-[A-Z0-9]{8}$/);
  await citizen.screenshot({ path: path.join(artifacts, 'complaint-sent.png'), fullPage: true });

  const official = await phonePage(browser, { javaScriptEnabled: false });
  await logIn(official, server.url, 'dinsos.jaktim');
  await official.goto(`${server.url}/pengaduan?category=not_received&status=open`);
  await official.locator('#complaints a[href^="/pengaduan/"]').first().click();
  assert.match(await official.locator('main').textContent(), /belum kami terima sama sekali/);
  assert.ok(await official.locator('img[src*="/foto/"], a[href*="/foto/"]').count() >= 1, 'the photo is shown');
  const answer = 'Dana sudah dikirim ulang ke rekening KKS Anda pada hari ini';
  await official.locator('textarea[name=text]').fill(answer);
  await official.locator('button[name=action][value=resolve]').click();

  await citizen.goto(`${server.url}/lapor/status?kode=${code}`);
  assert.match(await citizen.locator('main').textContent(), new RegExp(answer));
  await citizen.screenshot({ path: path.join(artifacts, 'complaint-answered.png'), fullPage: true });

  // Officials see what the community reports: the demo's queue complaints rising this week.
  await official.goto(`${server.url}/pengaduan/tren?wilayah=31.75.07`);
  assert.match(await official.locator('#naik').textContent(), /Masalah penyaluran/);
  assert.ok(await official.locator('#peta circle').count() >= 4, 'places plotted');
  await official.context().close();
  await citizen.context().close();
});

test('an anonymous report of extortion reaches the inspectorate above the accused', async () => {
  const reporter = await phonePage(browser, { javaScriptEnabled: false });
  await reporter.goto(`${server.url}/lapor-pungli`);
  await reporter.locator('#accused_role').selectOption('village_operator');
  await reporter.locator('#accused_region').fill('31.75.07.1003');
  await reporter.locator('#description').fill('Petugas meminta uang Rp100.000 agar berkas pendaftaran kami diproses');
  await reporter.locator('#happened_on').fill(new Date(Date.now() - 86_400_000).toISOString().slice(0, 10));
  await reporter.locator('#place').fill('Kantor kelurahan Klender');
  await reporter.locator('form[action="/lapor-pungli"] button[type=submit]').click();
  const secret = (await reporter.locator('#secret-code').textContent()).trim();
  assert.ok(secret.length >= 40, 'a long secret code, shown once');
  await reporter.context().close();

  const inspectorate = await phonePage(browser, { javaScriptEnabled: false });
  await logIn(inspectorate, server.url, 'inspektorat.jaktim');
  await inspectorate.goto(`${server.url}/pungli`);
  const rows = inspectorate.locator('tbody tr');
  assert.ok(await rows.count() >= 3, 'two demo reports and the new one');
  // The demo's report left unanswered past its days has gone one level up.
  const offices = await inspectorate.locator('tbody tr td:nth-child(4)').allTextContents();
  assert.ok(offices.some((o) => o.trim() === '31.75'), offices.join(' | '));
  assert.ok(offices.some((o) => o.trim() === '31.75.07'), offices.join(' | '));
  await inspectorate.locator('tbody tr a[href^="/pungli/"]').first().click();
  assert.match(await inspectorate.locator('main').textContent(), /Rp100\.000/);
  await inspectorate.screenshot({ path: path.join(artifacts, 'pungli-inspectorate.png'), fullPage: true });

  // The village's own office never sees it.
  const accused = await phonePage(browser, { javaScriptEnabled: false });
  await logIn(accused, server.url, 'op.klender');
  const response = await accused.goto(`${server.url}/pungli`);
  assert.equal(response.status(), 403);
  await accused.context().close();
  await inspectorate.context().close();
});
