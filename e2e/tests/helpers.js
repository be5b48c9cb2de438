// Starts `tepat demo` on a fresh SQLite file (or the PostgreSQL database named by
// TEPAT_E2E_DATABASE_URL) and a free port, and Debian's Chromium.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const artifacts = path.join(here, '..', 'artifacts');
mkdirSync(artifacts, { recursive: true });

const binary = process.env.TEPAT_BIN ?? path.join(here, '..', '..', 'target', 'debug', 'tepat');

/** Starts the demo server; resolves with its base URL and a stop function. */
export function startDemo() {
  const dir = mkdtempSync(path.join(tmpdir(), 'tepat-e2e-'));
  // TEPAT_E2E_DATABASE_URL runs the same tests on PostgreSQL; its database name must
  // contain "demo", because --reset empties it.
  const databaseUrl = process.env.TEPAT_E2E_DATABASE_URL ?? `sqlite://${path.join(dir, 'demo.db')}`;
  const child = spawn(binary, ['demo', '--reset', '--listen', '127.0.0.1:0',
    '--database-url', databaseUrl, '--log-key-file', path.join(dir, 'log.key'),
    '--voucher-key-file', path.join(dir, 'voucher.key')],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`demo did not start:\n${output}`)), 120_000);
    const onData = (chunk) => {
      output += chunk;
      const match = output.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1], stop: () => child.kill('SIGTERM'), output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('exit', (code) => reject(new Error(`demo exited with ${code}:\n${output}`)));
  });
}

/** Launches headless Chromium from Debian's package (browsers cannot be downloaded here). */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A phone-sized page (360 × 740), with or without JavaScript. */
export async function phonePage(browser, { javaScriptEnabled = true } = {}) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled });
  return context.newPage();
}

/** Opens the menu, which folds behind one button on a phone. */
export async function openMenu(page) {
  const menu = page.locator('details.menu');
  if (!(await menu.evaluate((d) => d.open))) await menu.locator('summary').click();
}

export async function logIn(page, url, username) {
  await page.goto(`${url}/masuk`);
  await page.getByLabel('Nama pengguna').fill(username);
  await page.getByLabel('Kata sandi').fill('tepat-demo');
  await page.getByRole('button', { name: 'Masuk' }).click();
}
