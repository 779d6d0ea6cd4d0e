// What the browser tests share: their inputs (the tidu binary, web/dist, the screenshot folder,
// Debian's Chromium), a free port, starting `tidu serve` and waiting for it, the browser, the
// step runner, screenshots taken once the page has settled, and waiting for text; a whole test on
// a fresh demo world (demoTest).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const webDir = path.resolve(here, '..');
export const repo = path.resolve(webDir, '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? path.resolve(process.argv[i + 1]) : fallback;
};
export const tidu = arg('tidu', path.join(repo, 'build-test/tidu'));
export const dist = arg('dist', path.join(webDir, 'dist'));
export const out = arg('out', path.join(repo, 'build-test/web-screenshots'));
export const browserPath = process.env.TIDU_CHROMIUM ?? '/usr/bin/chromium';
export const password = 'Tidu@2026demo';

/** Exits with 2 when an input is missing; makes the screenshot folder. */
export function requireInputs() {
  for (const [what, p] of [
    ['tidu binary', tidu],
    ['web/dist', path.join(dist, 'index.html')],
    ['Chromium', browserPath],
  ]) {
    if (!existsSync(p)) {
      console.error(`e2e: ${what} not found at ${p}`);
      process.exit(2);
    }
  }
  mkdirSync(out, { recursive: true });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Starts `tidu serve` on the data folder (with the clock fixed at `now` when given). */
export async function startServer({ data, port, now }) {
  const env = now ? { ...process.env, TIDU_TEST_NOW: now } : process.env;
  const server = spawn(tidu, ['serve', '--data', data, '--port', String(port), '--web', dist], {
    cwd: repo,
    stdio: ['ignore', 'ignore', 'inherit'],
    env,
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i += 1) {
    if (server.exitCode !== null) throw new Error(`tidu serve exited with ${server.exitCode}`);
    try {
      const r = await fetch(`${base}/api/v1/health`);
      if (r.ok) return server;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('tidu serve did not answer /api/v1/health');
}

/** Stops a server started by startServer and waits for it to exit. */
export async function stopServer(server) {
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: browserPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Runs named steps, printing each with its time; `current()` names the step under way. */
export function stepRunner() {
  const results = [];
  let step = 'start';
  return {
    results,
    current: () => step,
    async check(name, fn) {
      step = name;
      const t0 = Date.now();
      await fn();
      results.push(`  ✓ ${name} (${Date.now() - t0} ms)`);
      console.log(results[results.length - 1]);
    },
  };
}

/** A screenshot once confirmations have closed, loading masks faded and messages settled. */
export async function shot(page, name) {
  await page
    .locator('.el-message-box')
    .waitFor({ state: 'hidden', timeout: 3000 })
    .catch(() => undefined);
  await page
    .waitForFunction(
      () =>
        ![...document.querySelectorAll('.el-loading-mask')].some(
          (e) => getComputedStyle(e).display !== 'none',
        ),
      null,
      { timeout: 5000 },
    )
    .catch(() => undefined);
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(out, `${name}.png`), fullPage: false });
}

export async function expectText(locator, text, timeout = 10000) {
  await locator.filter({ hasText: text }).first().waitFor({ state: 'visible', timeout });
}

/** Screenshots of every open page, named `${prefix}-n`, after a failed step. */
export async function shootFailure(browser, prefix = 'FAILED') {
  if (!browser) return;
  let i = 0;
  for (const ctx of browser.contexts()) {
    for (const p of ctx.pages()) {
      i += 1;
      await p.screenshot({ path: path.join(out, `${prefix}-${i}.png`) }).catch(() => undefined);
    }
  }
}

/** Signs in through the sign-in page at `base` and waits until the page has left it. */
export async function signInAt(page, base, username, pw = password) {
  await page.goto(`${base}/sign-in`);
  await page.getByLabel('用户名').fill(username);
  await page.locator('#password').fill(pw);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
}

/** Confirms the open message box (ElMessageBox). */
export async function confirmBox(page) {
  await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click();
}

/**
 * Runs a browser test on a fresh demo world: loads `tidu demo` into a temporary data folder,
 * starts `tidu serve` and Chromium with one page, runs `body({ base, page, check })`, prints the
 * steps passed (or the failed step, with a screenshot of every open page), and cleans up.
 */
export async function demoTest(name, { viewport = { width: 1280, height: 900 } } = {}, body) {
  const data = mkdtempSync(path.join(tmpdir(), `tidu-e2e-${name}-`));
  let server;
  let browser;
  const { check, results, current } = stepRunner();
  try {
    const demo = spawnSync(tidu, ['demo', '--data', data], { cwd: repo, encoding: 'utf8' });
    if (demo.status !== 0) throw new Error(`tidu demo failed:\n${demo.stderr}`);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    server = await startServer({ data, port });
    console.log(`e2e ${name}: tidu serve on ${base}, data ${data}`);
    browser = await launchBrowser();
    const page = await (await browser.newContext({ viewport, locale: 'zh-CN' })).newPage();
    await body({ base, page, check });
    console.log(`e2e ${name}: ${results.length} steps passed`);
  } catch (e) {
    console.error(`e2e ${name} FAILED at step “${current()}”: ${e instanceof Error ? e.stack : e}`);
    await shootFailure(browser, `${name.toUpperCase()}-FAILED`);
    process.exitCode = 1;
  } finally {
    await browser?.close().catch(() => undefined);
    await stopServer(server);
    rmSync(data, { recursive: true, force: true });
  }
}
