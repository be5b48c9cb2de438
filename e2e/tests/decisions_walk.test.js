// The whole named-decision walk in the browser, on a phone without JavaScript: a resident
// of Klender proposes her neighbour Ujang Komar for BLT Dana Desa and objects to a
// recipient; Klender's second operator (the first is linked to a household on the agenda)
// announces the deliberation, records it with the required attendance and a decision on
// every item, and publishes its minutes with the QR code of their log entry and as a PDF;
// BLT Dana Desa stops at the village, so Ujang's enrolment becomes active and the resident
// reads it with her tracking code; the district returns the other proposal with a reason.
// The demo's objection that the district left past its 14 days (seeded fifteen days back)
// has gone up to the province, which sees it waiting for its verification; the API tests
// move a test clock over the same rule.
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
  await page.screenshot({ path: path.join(artifacts, `walk-${name}.png`), fullPage: true });
}

// Ani Rahayu of Klender (Budi Santoso's wife) and her neighbour Siti Aminah, as their KTPs
// read.
const ANI = { nik: '3175076708890002', born: '1989-08-27' };
const SITI = { nik: '3175074402600004', born: '1960-02-04' };
const UJANG_KK = '3175071204230108';

async function propose(page) {
  await page.goto(`${server.url}/usul`);
  await page.locator('input[name="kind"][value="enrol"]').check();
  await page.locator('#household').fill(UJANG_KK);
  await page.locator('#programme').selectOption('BLT_DD');
  await page.locator('#note').fill('Tetangga kami, buruh harian yang kehilangan pekerjaan; belum menerima bantuan apa pun.');
  await page.locator('#nik').fill(ANI.nik);
  await page.locator('#birth_date').fill(ANI.born);
  await page.getByRole('button', { name: 'Kirim usul' }).click();
  const code = (await page.locator('#tracking-code').innerText()).trim();
  assert.match(code, /^USL-/, await page.locator('main').innerText());
  return code;
}

async function object(page) {
  await page.goto(`${server.url}/cek?desa=31.75.07.1003`);
  await page.getByLabel('Nama (sedikitnya 3 huruf)').fill('lina');
  await page.locator('#cek-nama').getByRole('button', { name: 'Cari' }).click();
  await page.locator('#cek-results > li').first().getByRole('link', { name: 'Sanggah penerima ini' }).first().click();
  await page.locator('select[name="reason"]').selectOption('moved');
  await page.locator('textarea[name="description"]').fill('Sudah pindah ke Bekasi sejak Agustus; rumahnya kini dikontrakkan.');
  await page.locator('input[name="nik"]').fill(SITI.nik);
  await page.locator('input[name="birth_date"]').fill(SITI.born);
  await page.getByRole('button', { name: 'Kirim sanggahan' }).click();
  assert.match(await page.locator('h1').innerText(), /Sanggahan terkirim/, await page.locator('main').innerText());
}

/// Fills attendee row `i`: name, role and, for a family's representative, the family.
async function attendee(page, i, name, role, family) {
  await page.locator(`#nama_${i}`).fill(name);
  await page.locator(`#peran_${i}`).selectOption(role);
  if (family !== undefined) {
    await page.locator(`#keluarga_${i}`).selectOption({ index: family + 1 });
  }
}

async function record(page) {
  await page.goto(`${server.url}/musyawarah/baru`);
  // The server's day is the one already begun in the easternmost zone (WIT, UTC+9).
  const today = new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);
  await page.locator('#held_on').fill(today);
  await page.locator('#place').fill('Balai Warga RW 05');
  await page.getByRole('button', { name: 'Umumkan musyawarah' }).click();
  await page.waitForURL(/\/musyawarah\/\d+$/);
  const families = await page.locator('#keluarga_0 option').count() - 1;
  assert.ok(families >= 3, `Rudi's, Yanto's and Ujang's proposals are on the agenda (${families})`);
  await page.locator('#chair').fill('H. Sutrisno, Lurah Klender');
  await page.locator('input[name="hadir_saya"]').check();
  await attendee(page, 0, 'H. Sutrisno', 'village_head');
  await attendee(page, 1, 'Pak Harun (Ketua RW 05)', 'rt_rw');
  await attendee(page, 2, 'Serda Wibowo', 'babinsa');
  for (let f = 0; f < families; f++) {
    await attendee(page, 3 + f, `Wakil keluarga ${f + 1}`, 'family_representative', f);
  }
  const items = page.locator('form fieldset').filter({ has: page.locator('input[type="radio"]') });
  for (let i = 0; i < await items.count(); i++) {
    const item = items.nth(i);
    const legend = await item.locator('legend').innerText();
    if (/Ujang/.test(legend) || /Rudi/.test(legend)) {
      await item.locator('input[value="approve"]').check();
      await item.locator('textarea').fill('Disepakati forum: kondisi keluarga sesuai kunjungan RT');
    } else if (/Yanto/.test(legend)) {
      await item.locator('input[value="return"]').check();
      await item.locator('textarea').fill('Forum minta data penghasilan terbaru sebelum diusulkan lagi');
    } else {
      await item.locator('input[value="noted"]').check();
      await item.locator('textarea').fill('Dicatat; diteruskan ke dinas sosial untuk diverifikasi');
    }
  }
  await page.getByRole('button', { name: 'Tetapkan berita acara' }).click();
  assert.match(await page.locator('h1').innerText(), /Berita acara musyawarah/, await page.locator('main').innerText());
}

test('a citizen proposes and objects, the deliberation decides both, the chain approves one and returns the other', async () => {
  const citizen = await phonePage(browser, { javaScriptEnabled: false });
  citizen.setDefaultTimeout(10_000);
  const code = await propose(citizen);
  await object(citizen);

  const operator = await phonePage(browser, { javaScriptEnabled: false });
  operator.setDefaultTimeout(10_000);
  await logIn(operator, server.url, 'sekel.klender');
  await operator.waitForURL(`${server.url}/beranda`);
  await record(operator);
  const minutes = await operator.locator('#items').innerText();
  assert.match(minutes, /Ujang Komar|U\*\*\*\* K\*\*\*\*/);
  assert.match(minutes, /Dicatat/);
  const pdfLink = await operator.locator('#minutes-pdf').getAttribute('href');
  const pdf = await operator.request.get(`${server.url}${pdfLink}`);
  assert.equal(pdf.status(), 200);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  await shot(operator, 'minutes');

  // The public reads the minutes with the QR code of their log entry, once sequenced.
  const minutesUrl = operator.url();
  const reader = await phonePage(browser, { javaScriptEnabled: false });
  for (let tries = 0; tries < 40; tries++) {
    await reader.goto(minutesUrl);
    if (await reader.locator('#qr svg').count() === 1) break;
    await reader.waitForTimeout(250);
  }
  assert.equal(await reader.locator('#qr svg').count(), 1);

  // BLT Dana Desa stops at the village: Ujang's enrolment is active, and Ani reads it.
  await citizen.goto(`${server.url}/usul/status?kode=${encodeURIComponent(code)}`);
  assert.equal(await citizen.locator('#status').innerText(), 'Disetujui');
  await citizen.goto(`${server.url}/cek?desa=31.75.07.1003`);
  await citizen.getByLabel('Nama (sedikitnya 3 huruf)').fill('ujang');
  await citizen.locator('#cek-nama').getByRole('button', { name: 'Cari' }).click();
  const ujang = await citizen.locator('#cek-results > li').first().innerText();
  assert.match(ujang, /Bantuan Langsung Tunai Dana Desa — Aktif/, ujang);
  await shot(citizen, 'enrolled');

  // Rudi's PKH went up to the district, which returns it with a reason.
  const district = await phonePage(browser, { javaScriptEnabled: false });
  await logIn(district, server.url, 'dinsos.jaktim');
  await district.goto(`${server.url}/usulan-bansos?status=pending&step=district`);
  await district.locator('#proposals tbody tr').filter({ hasText: 'Rudi' }).locator('a[href^="/usulan-bansos/"]').first().click();
  await district.locator('#note').fill('Lampirkan surat keterangan penghasilan dari kelurahan');
  await district.getByRole('button', { name: 'Kembalikan' }).click();
  const chain = await district.locator('#chain').innerText();
  assert.match(chain, /Dinas sosial kabupaten\/kota: ↩ Kembalikan · Suku Dinas Sosial Jakarta Timur/, chain);
  assert.match(chain, /surat keterangan penghasilan/, chain);
  await shot(district, 'returned');

  // The objection left unverified past 14 days waits at the province.
  const province = await phonePage(browser, { javaScriptEnabled: false });
  await logIn(province, server.url, 'dinsos.dki');
  await province.goto(`${server.url}/sanggahan`);
  const escalated = province.locator('#objections tbody tr').filter({ hasText: 'Dinaikkan ke dinas sosial provinsi' });
  assert.equal(await escalated.count(), 1, await province.locator('main').innerText());
  await escalated.locator('a[href^="/sanggahan/"]').first().click();
  assert.match(await province.locator('#status').innerText(), /Dinaikkan ke dinas sosial provinsi \(lewat 14 hari\)/);
  await shot(province, 'escalated');
  for (const page of [citizen, operator, reader, district, province]) await page.context().close();
});
