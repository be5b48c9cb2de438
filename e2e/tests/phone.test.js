// Each role's main pages at 360 × 740: nothing scrolls sideways, every link and button of
// the page is on the screen, axe-core finds no WCAG 2.1 A/AA violation, and no page shows
// a raw code from the code lists or a machine timestamp. Saves a screenshot of each
// role's first page (TEPAT_SHOT_SUFFIX names it; `after` by default).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { artifacts, launchBrowser, logIn, startDemo } from './helpers.js';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const suffix = process.env.TEPAT_SHOT_SUFFIX ?? 'after';
const WIDTH = 360;

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

/** A phone-sized page signed in as `username`. */
async function signedIn(username) {
  const context = await browser.newContext({ viewport: { width: WIDTH, height: 740 } });
  const page = await context.newPage();
  await logIn(page, server.url, username);
  await page.waitForURL(/\/beranda|\/daftar/);
  return page;
}

/** The first link on `list` whose address matches `pattern`, or null. */
async function firstLink(page, list, pattern) {
  await page.goto(`${server.url}${list}`);
  const hrefs = await page.locator('main a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  return hrefs.find((href) => pattern.test(href)) ?? null;
}

// Codes of the code lists and the trail: words joined by an underscore
// (`sumur_tak_terlindung`, `village_operator`, `marital_status`) and event actions
// (`duplicate_pair.decided`); and machine dates and times.
const SUBJECTS = 'account|api_token|application|change_request|duplicate_pair|duplicate_run|household|person|regions|review_flag';
const RAW_CODE = new RegExp(`\\b[a-z0-9]+_[a-z0-9_]+\\b|\\b(${SUBJECTS})\\.[a-z_]+\\b`);
const ISO = /\b\d{4}-\d{2}-\d{2}(T|\b)/;

/** Everything checked on one page; returns the problems found. */
async function problems(page) {
  const found = [];
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  if (width > WIDTH) found.push(`scrolls sideways (${width} px)`);
  const outside = await page.evaluate((limit) => [...document.querySelectorAll('main a[href], main button, main select, main input:not([type=hidden]), main summary')]
    .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden')
    .map((el) => ({ el, box: el.getBoundingClientRect() }))
    .filter(({ box }) => box.width > 0 && (box.left < -1 || box.right > limit + 1))
    .map(({ el, box }) => `${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute('name') || '').trim().slice(0, 30)}" at ${Math.round(box.left)}–${Math.round(box.right)} px`), WIDTH);
  found.push(...outside.map((o) => `off-screen: ${o}`));
  const text = await page.locator('body').innerText();
  for (const line of text.split('\n')) {
    // A token's shown prefix (`tpt_…`) is how an administrator tells tokens apart, not a code.
    const words = line.replace(/https?:\/\/\S+|\/[\w/.-]+|[\w.+-]+@[\w.-]+|\btpt_\S+/g, '');
    if (RAW_CODE.test(words)) found.push(`raw code: "${line.trim().slice(0, 80)}"`);
    if (ISO.test(line)) found.push(`machine date: "${line.trim().slice(0, 80)}"`);
  }
  await page.evaluate(axeSource);
  const axe = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  }));
  for (const v of axe.violations) {
    found.push(`axe ${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  }
  return found;
}

/** Opens each address in turn and collects the problems of all of them. */
async function checkPages(page, addresses) {
  const report = [];
  for (const address of addresses.filter(Boolean)) {
    const response = await page.goto(`${server.url}${address}`);
    assert.ok(response.ok(), `${address} answers ${response.status()}`);
    for (const problem of await problems(page)) report.push(`${address}: ${problem}`);
  }
  return report;
}

async function shoot(page, role, address) {
  await page.goto(`${server.url}${address}`);
  await page.screenshot({ path: path.join(artifacts, `${role}-${suffix}.png`), fullPage: true });
}

test('citizen pages fit a phone and speak plainly', async () => {
  const page = await signedIn('warga.klender');
  await shoot(page, 'citizen', new URL(page.url()).pathname);
  const report = await checkPages(page, [new URL(page.url()).pathname, '/', '/program', '/daftar',
    '/daftar?wilayah=31.75.07', '/daftar?desa=31.75.07.1003', '/daftar/status', '/cek',
    '/cek?desa=31.75.07.1003&name=siti', '/kinerja', '/kinerja?wilayah=31.75.07.1003', '/informasi',
    '/informasi/larangan', '/informasi/program', '/statistik', '/statistik?wilayah=31.75',
    '/statistik?wilayah=31.75.07.1003', '/anggaran-publik', '/donasi', '/donasi/daftar',
    '/donasi/daftar/verifikasi?nama=budi.santoso']);
  assert.deepEqual(report, []);
  await page.context().close();
});

test('village operator pages fit a phone and speak plainly', async () => {
  const page = await signedIn('op.klender');
  await shoot(page, 'village-operator', '/keluarga');
  const household = await firstLink(page, '/keluarga', /^\/keluarga\/\d+$/);
  const application = await firstLink(page, '/pendaftaran', /^\/pendaftaran\/\d+$/);
  const proposal = await firstLink(page, '/usulan-bansos?flagged=1', /^\/usulan-bansos\/\d+$/);
  const report = await checkPages(page, ['/beranda', '/keluarga', household,
    household && `${household}/usulan?jenis=tambah_anggota`, '/keluarga/baru', '/keluarga/impor', '/usulan',
    '/pendaftaran', application, household && `${household}/usulan-bansos`, '/usulan-bansos', proposal,
    '/musyawarah/baru', '/musyawarah?desa=31.75.07.1003', '/sanggahan']);
  assert.deepEqual(report, []);
  await page.context().close();
});

test('district officer pages fit a phone and speak plainly', async () => {
  const page = await signedIn('dinsos.jaktim');
  await shoot(page, 'district-officer', '/beranda');
  const pair = await firstLink(page, '/duplikat', /^\/duplikat\/\d+$/);
  const request = await firstLink(page, '/usulan', /^\/usulan\/\d+$/);
  const step = await firstLink(page, '/usulan-bansos?status=pending&step=district', /^\/usulan-bansos\/\d+$/);
  const line = await firstLink(page, '/anggaran', /^\/anggaran\/\d+$/);
  const cycle = await firstLink(page, '/penyaluran', /^\/penyaluran\/\d+$/);
  const proof = await firstLink(page, '/pedagang', /^\/pedagang\/belanja-ganda\/\d+$/);
  const report = await checkPages(page, ['/beranda', '/duplikat', pair, '/duplikat/proses',
    '/usulan', request, '/tinjauan', '/jejak', '/usulan-bansos?status=pending&step=district', step,
    '/anggaran', line, '/penyaluran', cycle, '/pedagang', proof, '/voucher/kartu?wilayah=31.75',
    '/pemantauan/keputusan', '/pemantauan/keputusan?wilayah=31.75.07.1003', '/pemantauan/kinerja', '/pengaduan/tren']);
  assert.deepEqual(report, []);
  await page.context().close();
});

test('e-warong pages fit a phone and speak plainly', async () => {
  const page = await signedIn('warong.klender');
  await shoot(page, 'merchant', '/warung');
  const report = await checkPages(page, ['/beranda', '/warung']);
  assert.deepEqual(report, []);
  await page.context().close();
});

test('auditor pages fit a phone and speak plainly', async () => {
  const page = await signedIn('inspektorat.jaktim');
  await shoot(page, 'auditor', '/jejak');
  const report = await checkPages(page, ['/beranda', '/jejak', '/akses-data']);
  assert.deepEqual(report, []);
  await page.context().close();
});

test('administrator pages fit a phone and speak plainly', async () => {
  const page = await signedIn('admin');
  await shoot(page, 'administrator', '/akun');
  const disable = await firstLink(page, '/akun', /^\/akun\/\d+\/nonaktifkan$/);
  const revoke = await firstLink(page, '/token', /^\/token\/\d+\/cabut$/);
  assert.ok(disable && revoke, 'disabling and revoking go through a confirmation page');
  const report = await checkPages(page, ['/beranda', '/akun', '/akun/baru', '/token', disable, revoke,
    '/duplikat/proses']);
  assert.deepEqual(report, []);
  await page.context().close();
});
