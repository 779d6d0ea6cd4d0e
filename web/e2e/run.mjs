// Browser tests: a fresh demo world, `tidu serve` with the built web UI, and headless Chromium
// driving the enterprise and the township reviewer through the UI by its Chinese labels.
//
//   node e2e/run.mjs [--tidu ../build-test/tidu] [--dist dist] [--out ../build-test/web-screenshots]
//
// Builds nothing: it needs a built tidu binary and web/dist. Exit code 0 when every step passed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  expectText,
  freePort,
  launchBrowser,
  out,
  password,
  repo,
  requireInputs,
  shootFailure,
  shot,
  startServer,
  stepRunner,
  stopServer,
  tidu,
} from './support.mjs';

requireInputs();

async function signIn(page, base, username) {
  await page.goto(`${base}/sign-in`);
  await page.getByLabel('用户名').fill(username);
  await page.locator('#password').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

const data = mkdtempSync(path.join(tmpdir(), 'tidu-e2e-'));
let server;
let browser;
const { check, results, current } = stepRunner();

try {
  const demo = spawnSync(tidu, ['demo', '--data', data], { cwd: repo, encoding: 'utf8' });
  if (demo.status !== 0) throw new Error(`tidu demo failed:\n${demo.stderr}`);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  server = await startServer({ data, port });
  console.log(`e2e: tidu serve on ${base}, data ${data}`);

  browser = await launchBrowser();
  const viewport = { width: 1280, height: 860 };

  // ---- the enterprise ----
  const ent = await (await browser.newContext({ viewport, locale: 'zh-CN' })).newPage();
  await check('sign-in page refuses a wrong password', async () => {
    await ent.goto(`${base}/declarations/x`);
    await ent.waitForURL(/\/sign-in\?redirect=/);
    await shot(ent, '01-sign-in');
    await ent.getByLabel('用户名').fill('ent-hb-06');
    await ent.locator('#password').fill('wrong-password');
    await ent.getByRole('button', { name: '登录' }).click();
    await expectText(ent.getByRole('alert'), '用户名或密码');
  });
  await check('enterprise signs in and sees its open round with deadline', async () => {
    await signIn(ent, base, 'ent-hb-06');
    await ent.waitForURL(/\/enterprise$/);
    const rounds = ent.locator('[data-test=open-rounds]');
    await expectText(rounds, '【演示】天门市基础级智能工厂申报');
    await expectText(rounds, '2030-12-31 23:59');
    await expectText(ent.locator('[data-test=who]'), '湖北金禾米业有限公司');
    await shot(ent, '02-enterprise-home');
  });
  await check('the draft opens laid out by its form, with findings and counters', async () => {
    await ent.locator('[data-test=open-rounds]').getByRole('button', { name: '继续填写' }).click();
    await ent.waitForURL(/\/declarations\/d_/);
    await expectText(ent.locator('h2'), '一、申报单位和项目基本信息');
    await expectText(ent.locator('h3'), '（一）项目实施背景。（300字以内）');
    await expectText(ent.locator('[data-test=findings-none]'), '未发现问题，可以提交');
    await expectText(ent.locator('[data-test=zi-counter]'), '/500 字');
    await expectText(ent.locator('[data-test=kpi-table]'), '按公式计算：49.11');
    await expectText(ent.locator('[data-test=save-state]'), '已保存');
    await shot(ent, '03-editor');
  });
  await check('unsigning the pledge autosaves and shows a finding with its clause', async () => {
    await ent.locator('[data-test=pledge-checkbox]').click();
    await expectText(ent.locator('[data-test=save-state]'), '保存中', 5000).catch(() => undefined);
    await expectText(ent.locator('[data-test=save-state]'), '已保存');
    const finding = ent.locator('[data-test=finding]');
    await expectText(finding, '尚未确认真实性承诺');
    await expectText(finding, '依据：《基础级智能工厂申报书》真实性承诺');
    await expectText(ent.locator('[data-test=findings-summary]'), '1 个错误');
    await finding.first().getByRole('button').click();
    await ent.waitForTimeout(800);
    const box = await ent.locator('[data-test=pledge]').boundingBox();
    if (!box || box.y < 0 || box.y > viewport.height)
      throw new Error('the pledge was not scrolled into view');
    await shot(ent, '04-finding-pledge');
  });
  await check(
    'a too long text is counted and flagged in place; fixing it clears the finding',
    async () => {
      const field = ent.locator('[data-path="narrative.background"]');
      const area = field.locator('textarea');
      const original = await area.inputValue();
      await area.fill(original + '补充说明'.repeat(80));
      await expectText(field.locator('[data-test=zi-counter]'), '超出');
      await expectText(ent.locator('[data-test=save-state]'), '已保存');
      await expectText(field.locator('[data-test=field-finding]'), '300');
      await shot(ent, '05-too-long');
      await area.fill(original + '。');
      await ent.locator('[data-test=pledge-checkbox]').click();
      await expectText(ent.locator('[data-test=save-state]'), '已保存');
      await expectText(ent.locator('[data-test=findings-none]'), '未发现问题，可以提交');
    },
  );
  await check(
    '所在地区 shows the region’s names; the scenario picker names its input',
    async () => {
      await expectText(
        ent.locator('[data-path="enterprise.region"] [data-test=region-name]'),
        '湖北省 / 天门市',
      );
      const picker = ent.getByLabel(/^选择场景：/).first();
      if ((await picker.evaluate((e) => e.tagName)) !== 'INPUT')
        throw new Error('the scenario picker’s name is not on its text input');
      if (await ent.locator('.el-cascader[aria-label]').count())
        throw new Error('an aria-label was left on a cascader’s wrapper');
    },
  );
  await check('appendix rows move up and down with named buttons', async () => {
    const table = ent.locator('#f-appendix__scenario_rows');
    await table.evaluate((e) => e.scrollIntoView({ block: 'center' }));
    const rows = table.locator('tbody tr');
    const before = await rows.count();
    for (const name of ['甲：原料清理智能化', '乙：碾米工序在线检测']) {
      await table.getByRole('button', { name: '添加一行' }).click();
      await rows.last().getByLabel('具体场景名称').fill(name);
    }
    const nameAt = (i) => rows.nth(i).getByLabel('具体场景名称').inputValue();
    // The last row has no 下移, the first no 上移.
    if (!(await table.getByRole('button', { name: `下移第 ${before + 2} 行` }).isDisabled()))
      throw new Error('the last row can move down');
    await table.getByRole('button', { name: `下移第 ${before + 1} 行` }).click();
    if (
      (await nameAt(before)) !== '乙：碾米工序在线检测' ||
      !(await nameAt(before + 1)).startsWith('甲')
    )
      throw new Error('下移 did not swap the rows');
    await expectText(ent.locator('[data-test=save-state]'), '已保存');
    await shot(ent, '05b-appendix-reorder');
    await table.getByRole('button', { name: `上移第 ${before + 2} 行` }).click();
    if (!(await nameAt(before)).startsWith('甲')) throw new Error('上移 did not swap them back');
    // Remove both again: the draft stays as the demo made it.
    await table.getByRole('button', { name: `删除第 ${before + 2} 行` }).click();
    await table.getByRole('button', { name: `删除第 ${before + 1} 行` }).click();
    await expectText(ent.locator('[data-test=save-state]'), '已保存');
    if ((await rows.count()) !== before) throw new Error('the added rows were not removed');
  });
  await check(
    'an attachment of a wrong type is refused before upload; a large one shows its progress',
    async () => {
      const section = ent.locator('[data-test=attachments]');
      await section.evaluate((e) => e.scrollIntoView({ block: 'center' }));
      const input = section.locator('input[type=file]').first();
      await input.setInputFiles({
        name: '情况说明.doc',
        mimeType: 'application/msword',
        buffer: Buffer.from('not a docx'),
      });
      await expectText(ent.locator('.el-message'), '只接受 PDF、JPEG、PNG、DOCX 或 XLSX 文件');
      // A slow line (DevTools throttling) so that the upload takes a few seconds.
      const cdp = await ent.context().newCDPSession(ent);
      await cdp.send('Network.enable');
      const line = (up) => ({
        offline: false,
        latency: 0,
        downloadThroughput: -1,
        uploadThroughput: up,
      });
      await cdp.send('Network.emulateNetworkConditions', line(512 * 1024));
      const name = '营业执照（高清扫描件）.pdf';
      const big = Buffer.concat([
        Buffer.from('%PDF-1.4\n% 营业执照\n'),
        Buffer.alloc(3 * 1024 * 1024, 0x20),
        Buffer.from('\n%%EOF\n'),
      ]);
      await input.setInputFiles({ name, mimeType: 'application/pdf', buffer: big });
      const bar = section.locator('[data-test=upload-progress]');
      await expectText(bar, `正在上传“${name}”`);
      await bar.locator('[role=progressbar]').waitFor();
      await ent.waitForFunction(() => {
        const n = Number(
          document
            .querySelector('[data-test=upload-progress] [role=progressbar]')
            ?.getAttribute('aria-valuenow'),
        );
        return n > 0 && n < 100;
      });
      await shot(ent, '05c-upload-progress');
      await expectText(section.locator('[data-test=attachment-file]'), name, 60000);
      await cdp.send('Network.emulateNetworkConditions', line(-1));
      await cdp.detach();
      if (await bar.count()) throw new Error('the progress bar stayed after the upload');
      await expectText(ent.locator('[data-test=save-state]'), '已保存');
      await expectText(ent.locator('[data-test=findings-none]'), '未发现问题，可以提交');
    },
  );
  await check('a stale version is reported as a conflict with a reload', async () => {
    // Another window saves the same declaration: the page's next save must not overwrite it.
    const id = ent.url().split('/').pop();
    const csrf = await ent.evaluate(
      async () => (await (await fetch('/api/v1/session')).json()).csrf_token,
    );
    const current = await ent.evaluate(
      async (d) => await (await fetch(`/api/v1/declarations/${d}`)).json(),
      id,
    );
    const r = await ent.request.put(`${base}/api/v1/declarations/${id}/sections/pledge`, {
      headers: { 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' },
      data: { version: current.version, content: current.document.pledge },
    });
    if (!r.ok()) throw new Error(`save from the second window failed: ${r.status()}`);
    await ent
      .locator('[data-path="cover.project_name"] input')
      .fill('湖北金禾优质大米智能工厂（一期）');
    await expectText(ent.getByRole('dialog'), '申报书已在别处修改');
    await shot(ent, '06-conflict');
    await ent.getByRole('dialog').getByRole('button', { name: '重新加载最新内容' }).click();
    await expectText(ent.locator('[data-test=save-state]'), '已保存');
    const value = await ent.locator('[data-path="cover.project_name"] input').inputValue();
    if (value !== '湖北金禾优质大米智能工厂')
      throw new Error(`reload kept the stale edit: ${value}`);
  });
  await check('the enterprise submits after the final check and sees the timeline', async () => {
    await ent.locator('[data-test=submit]').click();
    await expectText(ent.getByRole('dialog'), '确定提交吗');
    await ent.getByRole('dialog').getByRole('button', { name: '确定' }).click();
    await expectText(ent.locator('.el-message'), '已提交（第 1 版）');
    await expectText(ent.locator('[data-test=timeline]'), '提交');
    await expectText(ent.locator('[data-test=state]'), '待初审');
    await shot(ent, '07-submitted-timeline');
  });
  await check('the versions name who submitted each', async () => {
    const me = await ent.evaluate(
      async () => (await (await fetch('/api/v1/session')).json()).account.display_name,
    );
    await ent.getByRole('tab', { name: '版本记录' }).click();
    await expectText(ent.locator('[data-test=versions]'), me);
    await ent.getByRole('tab', { name: '填写' }).click();
  });
  await check('the enterprise downloads its submitted 申报书 as PDF', async () => {
    const link = ent.locator('[data-test=downloads] a').filter({ hasText: '下载申报书 PDF' });
    await link.waitFor({ state: 'visible', timeout: 10000 });
    const pdf = await ent.request.get(`${base}${await link.getAttribute('href')}`);
    if (pdf.status() !== 200) throw new Error(`the PDF download answered ${pdf.status()}`);
    if ((await pdf.body()).subarray(0, 5).toString() !== '%PDF-') throw new Error('not a PDF');
  });

  // ---- the township reviewer ----
  const rev = await (await browser.newContext({ viewport, locale: 'zh-CN' })).newPage();
  await check('the township reviewer finds the declaration in the queue', async () => {
    await signIn(rev, base, 'hb-duobao-township');
    await rev.waitForURL(/\/review$/);
    await rev.getByLabel('企业名称或统一社会信用代码').fill('金禾');
    await rev.getByLabel('地区代码（含下级）').fill('429006'); // 天门市 and everything below
    await rev.getByRole('button', { name: '查询' }).click();
    await rev.waitForURL(/region=429006/);
    const queue = rev.locator('[data-test=queue]');
    await expectText(queue, '湖北金禾米业有限公司');
    await expectText(queue, '待初审');
    await shot(rev, '08-review-queue');
  });
  await check('the reviewer sees the actions and the reasons for those not available', async () => {
    await rev
      .locator('[data-test=queue]')
      .getByRole('link', { name: '湖北金禾米业有限公司' })
      .first()
      .click();
    await rev.waitForURL(/\/review\/d_/);
    const actions = rev.locator('[data-test=actions]');
    await expectText(actions, '初审通过');
    await rev.getByText('其余操作（当前不可用）及原因').click();
    await expectText(actions, '不能撤出推荐名单');
    await expectText(rev.locator('h2'), '一、申报单位和项目基本信息');
    // The findings are the submission's, and the panel says so.
    await expectText(rev.locator('[data-test=findings-title]'), '提交时的检查结果');
    await expectText(rev.locator('[data-test=findings-as-of]'), '按第 1 版提交时');
    await expectText(rev.locator('[data-test=findings-none]'), '提交时的检查未发现问题');
    await shot(rev, '09-review-declaration');
  });
  await check('the reviewer sees the 行业对标 card with a verdict per KPI', async () => {
    const bench = rev.locator('[data-test=benchmark]');
    await expectText(bench, '行业对标');
    // A basic-tier round: the criterion is the provincial average (data/catalogue/kpis/2024.yaml).
    await expectText(bench.locator('[data-test=benchmark-criterion]'), '同行业平均水平');
    await expectText(bench.locator('[data-test=benchmark-summary]'), '项指标中');
    const verdicts = await bench.locator('[data-test=benchmark-verdict]').allInnerTexts();
    if (!verdicts.length) throw new Error('no KPI verdicts in the 行业对标 card');
    const known = ['达到', '未达到', '样本不足', '缺少数据'];
    const odd = verdicts.map((v) => v.trim()).filter((v) => !known.includes(v));
    if (odd.length) throw new Error(`unexpected verdicts: ${odd.join(', ')}`);
    if (await bench.locator('.el-alert').count()) {
      throw new Error(`the card shows an error: ${await bench.locator('.el-alert').innerText()}`);
    }
    await bench.scrollIntoViewIfNeeded();
    await shot(rev, '09b-review-benchmark');
  });
  await check(
    'returning without an opinion is refused; passing with an opinion works',
    async () => {
      await rev.locator('[data-action=return]').getByRole('button').click();
      await expectText(rev.locator('.el-message'), '需要填写审核意见');
      await rev.getByLabel('审核意见').fill('材料齐全，符合基础级申报条件，同意推荐。');
      await rev.locator('[data-action=pass]').getByRole('button').click();
      await rev.getByRole('dialog').getByRole('button', { name: '确定' }).click();
      await expectText(rev.locator('.el-message'), '已完成：初审通过');
      await expectText(rev.locator('[data-test=actions]'), '初审通过');
      await rev.getByRole('tab', { name: '办理经过' }).click();
      await expectText(
        rev.locator('[data-test=timeline]'),
        '材料齐全，符合基础级申报条件，同意推荐。',
      );
      await shot(rev, '10-review-passed');
    },
  );
  await check('the passed declaration is in the unit’s recommendation list', async () => {
    await rev.getByRole('menuitem', { name: '推荐名单' }).click();
    await rev.waitForURL(/\/review\/batch$/);
    await expectText(rev.locator('[data-test=batch]'), '湖北金禾米业有限公司');
    await expectText(rev.locator('[data-test=quota-bar]'), '未规定推荐名额');
    await shot(rev, '11-batch');
  });
  await check(
    'the reviewer bundles the list’s documents and follows the job’s progress',
    async () => {
      await rev.getByRole('button', { name: '打包全部申报材料' }).click();
      await expectText(rev.locator('[data-test=bundle-job]'), '打包完成', 60000);
      const link = rev.locator('[data-test=bundle-job] a').filter({ hasText: '下载压缩包' });
      const href = await link.getAttribute('href');
      const zip = await rev.request.get(`${base}${href}`);
      if (zip.status() !== 200) throw new Error(`bundle download answered ${zip.status()}`);
      const bytes = await zip.body();
      if (bytes.subarray(0, 2).toString() !== 'PK') throw new Error('the bundle is not a ZIP');
      await shot(rev, '12-batch-bundle');
    },
  );
  await check('the reviewer’s dashboards count the round’s declarations', async () => {
    await rev.getByRole('menuitem', { name: '统计分析' }).click();
    await rev.waitForURL(/\/stats$/);
    await expectText(rev.locator('[data-test=dashboard-total]'), '申报书');
    await rev.locator('[data-test=maturity-figures]').waitFor({ state: 'visible' });
    await rev.locator('canvas').first().waitFor({ state: 'visible' });
    await rev.locator('.el-loading-mask').first().waitFor({ state: 'hidden' });
    await rev.waitForTimeout(600); // the charts' entry animation
    await shot(rev, '13-dashboard');
  });

  console.log(`e2e: ${results.length} steps passed; screenshots in ${out}`);
} catch (e) {
  console.error(`e2e FAILED at step “${current()}”: ${e instanceof Error ? e.stack : e}`);
  await shootFailure(browser);
  process.exitCode = 1;
} finally {
  await browser?.close().catch(() => undefined);
  await stopServer(server);
  rmSync(data, { recursive: true, force: true });
}
