// Browser tests of the basic-tier self-evaluation (自建自评) and the registry's re-review and
// revocation on a fresh demo world, all through the UI by its Chinese labels: 融锦 (ent-fj-01)
// files a self-evaluation, is refused in place for a missing explanation, then files it whole;
// its county (福清市, fj-fuqing-county) returns it with an opinion; 融锦 reads the opinion, fixes
// and files again; the county confirms; the registry shows the basic-tier entry to the signed-in
// county and enterprise (self-evaluations are not public: docs/api.md); the province
// (fj-province) re-reviews it and the county revokes it, and the history shows both.
//
//   node e2e/selfeval.mjs [--tidu ../build-test/tidu] [--dist dist] [--out ../build-test/web-screenshots]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  confirmBox,
  expectText,
  freePort,
  launchBrowser,
  repo,
  requireInputs,
  shootFailure,
  shot,
  signInAt,
  startServer,
  stepRunner,
  stopServer,
  tidu,
} from './support.mjs';

requireInputs();

const FACTORY = '融锦新能源电池智能工厂';
const REQUIRED = [
  [
    '基础要求第1条',
    '2024 年主营业务收入 6.8 亿元，规模以上工业企业，动力电池结构件国内市场占有率前十。',
  ],
  [
    '基础要求第2条',
    '近三年经营和财务状况良好，信用中国无不良记录，未发生较大及以上安全、环保事故。',
  ],
  ['基础要求第3条', ''], // left empty at first: the server refuses and says so in place
  ['基础要求第4条', '成立智能制造推进办公室，总经理任组长；智能制造专业人员 46 人。'],
  ['基础要求第5条', '2024 年 9 月通过 GB/T 39116 成熟度评估，二级（报告编号 CMMM-2024-0917）。'],
  ['建设内容·生产作业', '冲压、焊接工序自动化。'],
];
const SECURE = '关键装备选用国产数控系统，MES、WMS 为国产软件；已通过网络安全等级保护二级测评。';
const OPINION = '生产作业环节的说明过于笼统，请补充关键工序自动化率及实时监控所用的系统。';
const BETTER =
  '冲压、焊接、装配三道关键工序自动化率 92%；MES 实时监控 138 台关键装备的运行和工艺参数。';

const data = mkdtempSync(path.join(tmpdir(), 'tidu-e2e-selfeval-'));
let server;
let browser;
const { check, results, current } = stepRunner();

const signIn = (page, base, username) => signInAt(page, base, username);
/** The signed-in account's display name (what the UI shows in histories). */
const nameOf = (page) =>
  page.evaluate(async () => (await (await fetch('/api/v1/session')).json()).account.display_name);

/** Chooses 环节/场景 in a filterable cascader by typing the scenario's name (as fujian.mjs). */
async function cascade(root, search, closer) {
  const page = root.page();
  await root.evaluate((e) => e.scrollIntoView({ block: 'center' }));
  const input = root.locator('input').first();
  await input.click({ force: true });
  await input.fill(search);
  await page.locator('.el-cascader__suggestion-item:visible', { hasText: search }).first().click();
  await closer.click();
  await page
    .locator('.el-cascader__dropdown:visible')
    .waitFor({ state: 'hidden' })
    .catch(() => undefined);
}

/** Answers one condition of the form, found by its name: 满足 or 不满足, and the explanation. */
async function answer(page, name, met, evidence) {
  await page
    .getByRole('radiogroup', { name: `${name}：是否满足` })
    .getByText(met ? '满足' : '不满足', { exact: true })
    .click();
  await page.getByLabel(`${name}：说明与佐证`).fill(evidence);
}

try {
  const demo = spawnSync(tidu, ['demo', '--data', data], { cwd: repo, encoding: 'utf8' });
  if (demo.status !== 0) throw new Error(`tidu demo failed:\n${demo.stderr}`);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  server = await startServer({ data, port });
  console.log(`e2e selfeval: tidu serve on ${base}, data ${data}`);
  browser = await launchBrowser();
  const newPage = async () =>
    (
      await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN' })
    ).newPage();
  const ent = await newPage();
  const county = await newPage();

  await check('the enterprise’s home leads to the self-evaluation form', async () => {
    await signIn(ent, base, 'ent-fj-01');
    await ent.waitForURL(/\/enterprise$/);
    const card = ent.locator('[data-test=self-evaluation-card]');
    await expectText(card, '基础级智能工厂自建自评');
    await card.getByRole('button', { name: '自建自评' }).click();
    await ent.waitForURL(/\/enterprise\/self-evaluation$/);
    await expectText(ent.locator('[data-test=my-self-evaluations], .el-empty'), '还没有提交过自评');
    await expectText(
      ent.locator('[data-test=self-progress]'),
      '必须满足的条件 6 项，尚有 6 项未填完',
    );
    // The edition comes from the server's list (GET /self-evaluation/editions).
    await expectText(ent.locator('[data-test=self-edition]'), '2024');
    await shot(ent, 'se-01-form');
  });

  await check('a missing explanation is refused in place by the server', async () => {
    await ent.getByLabel('工厂名称').fill(FACTORY);
    for (const [name, evidence] of REQUIRED) await answer(ent, name, true, evidence);
    await answer(ent, '建设内容·生产管理', true, 'ERP 与 MES 集成，作业计划和物料按日排程。');
    await expectText(ent.locator('[data-test=self-progress]'), '尚有 1 项未填完');
    await ent.getByRole('button', { name: '提交自评' }).click();
    await confirmBox(ent);
    const refusal = ent.locator('[data-test=self-refusal]');
    await expectText(refusal, '基础级自评不能提交：请说明如何满足：工厂使用的关键技术装备');
    // The refusal takes the focus, and the reason stands beside its condition.
    await ent.waitForFunction(() => document.activeElement?.dataset?.test === 'self-refusal');
    const third = ent.locator('[data-test=self-condition]').filter({ hasText: '基础要求第3条' });
    await expectText(third.locator('[data-test=self-reason]'), '请说明如何满足');
    await third.evaluate((e) => e.scrollIntoView({ block: 'center' }));
    await shot(ent, 'se-02-refused');
  });

  await check('completed, the self-evaluation is filed and waits for the county', async () => {
    await ent.getByLabel('基础要求第3条：说明与佐证').fill(SECURE);
    await expectText(ent.locator('[data-test=self-progress]'), '必须满足的条件 6 项，均已填写');
    await ent.getByRole('button', { name: '提交自评' }).click();
    await confirmBox(ent);
    await expectText(ent.locator('.el-message'), '自评已提交，等待县级复核');
    const row = ent
      .locator('[data-test=my-self-evaluations] tbody tr')
      .filter({ hasText: FACTORY });
    await expectText(row, '待县级复核');
    await ent.evaluate(() => window.scrollTo(0, 0));
    await shot(ent, 'se-03-filed');
  });

  await check('the county returns it with an opinion (required)', async () => {
    await signIn(county, base, 'fj-fuqing-county');
    await county.getByRole('menuitem', { name: '自评确认' }).click();
    await county.waitForURL(/\/review\/self-evaluations$/);
    const row = county
      .locator('[data-test=self-evaluations] tbody tr')
      .filter({ hasText: FACTORY });
    await expectText(row, '待县级复核');
    await row.getByRole('button', { name: '查看并复核' }).click();
    const dialog = county.getByRole('dialog').filter({ hasText: FACTORY });
    await expectText(dialog.locator('[data-test=self-answers]'), SECURE);
    await dialog.getByRole('button', { name: '退回' }).click();
    await expectText(dialog, '退回须写明原因');
    await dialog.getByLabel('复核意见').fill(OPINION);
    await shot(county, 'se-04-county-return');
    await dialog.getByRole('button', { name: '退回' }).click();
    await confirmBox(county);
    await expectText(county.locator('.el-message'), '已退回企业修改');
    await expectText(county.locator('[data-test=self-evaluations]'), '没有等待复核的自评');
  });

  await check('the enterprise reads the opinion, fixes and files again', async () => {
    await ent.reload();
    const row = ent
      .locator('[data-test=my-self-evaluations] tbody tr')
      .filter({ hasText: FACTORY });
    await expectText(row, '已退回');
    await expectText(row, OPINION);
    await shot(ent, 'se-05-returned');
    await row.getByRole('button', { name: '修改后重新提交' }).click();
    await expectText(ent.locator('#self-evaluation-form'), '修改自评（上次被退回）');
    const name = await ent.getByLabel('工厂名称').inputValue();
    if (name !== FACTORY) throw new Error(`the form was not filled from the returned one: ${name}`);
    const kept = await ent.getByLabel('基础要求第3条：说明与佐证').inputValue();
    if (kept !== SECURE) throw new Error('the answers of the returned self-evaluation were lost');
    await ent.getByLabel('建设内容·生产作业：说明与佐证').fill(BETTER);
    await ent.getByRole('button', { name: '提交自评' }).click();
    await confirmBox(ent);
    await expectText(ent.locator('.el-message'), '自评已提交，等待县级复核');
    const rows = ent.locator('[data-test=my-self-evaluations] tbody tr');
    await expectText(rows.first(), '待县级复核');
    await expectText(rows.nth(1), '已退回');
  });

  await check('the county confirms it and it enters the registry', async () => {
    await county.reload();
    const row = county
      .locator('[data-test=self-evaluations] tbody tr')
      .filter({ hasText: FACTORY });
    await row.getByRole('button', { name: '查看并复核' }).click();
    const dialog = county.getByRole('dialog').filter({ hasText: FACTORY });
    await expectText(dialog.locator('[data-test=self-answers]'), BETTER);
    await dialog.getByLabel('复核意见').fill('已补充关键工序自动化和实时监控情况，予以确认。');
    await dialog.getByRole('button', { name: '确认' }).click();
    await confirmBox(county);
    await expectText(county.locator('.el-message'), '已确认，已列入认定名录');
    await county.locator('.el-radio-button', { hasText: '已确认' }).click();
    await expectText(
      county.locator('[data-test=self-evaluations] tbody tr').filter({ hasText: FACTORY }),
      '已确认',
    );
    await shot(county, 'se-06-county-confirmed');
  });

  await check(
    'the registry shows the basic-tier entry to the county, not to the public',
    async () => {
      const anon = await newPage();
      await anon.goto(`${base}/registry?q=${encodeURIComponent(FACTORY)}`);
      await expectText(anon.locator('[data-test=registry]'), '没有符合条件的认定记录');
      await anon.context().close();

      await county.goto(`${base}/registry?q=${encodeURIComponent(FACTORY)}`);
      const row = county.locator('[data-test=registry] tbody tr').filter({ hasText: FACTORY });
      await expectText(row, '基础级');
      await expectText(row, '有效');
      await row.getByRole('button', { name: '详情' }).click();
      const dialog = county.getByRole('dialog', { name: FACTORY });
      await expectText(dialog, '基础级自建自评（县级确认）');
      await expectText(dialog.locator('[data-test=registry-history]'), '基础级自评经县级复核确认');
      await dialog.locator('[data-test=registry-actions]').waitFor();
      await shot(county, 'se-07-registry');
      await county.keyboard.press('Escape');
    },
  );

  await check('the enterprise sees its entry, without the officials’ actions', async () => {
    await ent.reload();
    await ent.getByRole('link', { name: '在认定名录中查看' }).click();
    await ent.waitForURL(/\/registry\?q=/);
    const row = ent.locator('[data-test=registry] tbody tr').filter({ hasText: FACTORY });
    await row.getByRole('button', { name: '详情' }).click();
    const dialog = ent.getByRole('dialog', { name: FACTORY });
    await expectText(dialog.locator('[data-test=registry-history]'), '确认');
    if (await dialog.locator('[data-test=registry-actions]').count())
      throw new Error('an enterprise is offered 复核 and 撤销');
    await ent.keyboard.press('Escape');
  });

  await check(
    'the province re-reviews it (a note is required) and the history shows it',
    async () => {
      const prov = await newPage();
      await signIn(prov, base, 'fj-province');
      await prov.getByRole('menuitem', { name: '认定名录' }).click();
      await prov.waitForURL(/\/registry/);
      await prov.getByLabel('企业或工厂名称、统一社会信用代码').fill(FACTORY);
      await prov.getByRole('button', { name: '查询' }).click();
      const row = prov.locator('[data-test=registry] tbody tr').filter({ hasText: FACTORY });
      await row.getByRole('button', { name: '详情' }).click();
      const dialog = prov.getByRole('dialog', { name: FACTORY });
      await dialog
        .locator('[data-test=registry-actions]')
        .getByRole('button', { name: '复核' })
        .click();
      const form = dialog.locator('[data-test=registry-change]');
      await form.getByText('维持认定', { exact: true }).click();
      await form.getByRole('button', { name: '复核' }).click();
      await expectText(form, '请填写复核意见');
      await form
        .getByLabel('复核意见')
        .fill('抽查现场，关键工序自动化和实时监控情况属实，维持认定。');
      await form.getByRole('button', { name: '复核' }).click();
      await confirmBox(prov);
      await expectText(prov.locator('.el-message'), '复核已记录');
      const history = dialog.locator('[data-test=registry-history]');
      await expectText(history, '复核：维持认定');
      await expectText(history, '抽查现场');
      // The history names the account by its display name, not its id.
      await expectText(history.locator('[data-test=registry-history-actor]'), await nameOf(prov));
      await shot(prov, 'se-08-province-review');
      await prov.context().close();
    },
  );

  await check('the county revokes it with a reason and the history shows it', async () => {
    await county.reload();
    const row = county.locator('[data-test=registry] tbody tr').filter({ hasText: FACTORY });
    await row.getByRole('button', { name: '详情' }).click();
    const dialog = county.getByRole('dialog', { name: FACTORY });
    await dialog
      .locator('[data-test=registry-actions]')
      .getByRole('button', { name: '撤销' })
      .click();
    const form = dialog.locator('[data-test=registry-change]');
    await form
      .getByLabel('撤销理由')
      .fill('企业 2025 年发生一般安全生产事故，不再满足基础要求第2条。');
    await form.getByRole('button', { name: '撤销' }).click();
    await expectText(county.locator('.el-message-box'), '撤销后不能恢复');
    await confirmBox(county);
    await expectText(county.locator('.el-message'), '认定已撤销');
    const history = dialog.locator('[data-test=registry-history]');
    await expectText(history, '撤销');
    await expectText(history, '不再满足基础要求第2条');
    await expectText(history.locator('[data-test=registry-history-actor]'), await nameOf(county));
    await expectText(dialog, '已撤销');
    if (await dialog.locator('[data-test=registry-actions]').count())
      throw new Error('a revoked entry still offers 复核 and 撤销');
    await expectText(row, '已撤销');
    await shot(county, 'se-09-revoked');
  });

  await check('the enterprise is told of the re-review and the revocation', async () => {
    await ent.goto(`${base}/enterprise`);
    const notes = ent.locator('[data-test=notifications] [data-test=notification]');
    await expectText(notes, `${FACTORY}（基础级自评）的认定经复核维持认定：抽查现场`);
    await expectText(
      notes,
      `${FACTORY}（基础级自评）的认定已被撤销：企业 2025 年发生一般安全生产事故`,
    );
    await expectText(notes, '已通过县级复核');
    // Each declaration is one control (one tab stop), not a button inside a link.
    if (
      await ent
        .locator('[data-test=my-declarations] a button, [data-test=my-declarations] a .el-button')
        .count()
    )
      throw new Error('a button is wrapped in a link on the enterprise’s home');
    await ent
      .locator('[data-test=notifications]')
      .evaluate((e) => e.scrollIntoView({ block: 'center' }));
    await shot(ent, 'se-09b-notifications');
  });

  await check(
    'the declaration editor’s scenario picker shows the guide’s description',
    async () => {
      const hb = await newPage();
      await signIn(hb, base, 'ent-hb-06');
      await hb.locator('[data-test=open-rounds]').getByRole('button', { name: '继续填写' }).click();
      await hb.waitForURL(/\/declarations\/d_/);
      const group = hb.locator('[data-test=scenario-group][data-domain="生产作业"]');
      await cascade(
        group.locator('.add-row .el-cascader'),
        '产线柔性配置',
        group.locator('.group-heading'),
      );
      const about = group.locator('[data-test=scenario-picked-about]');
      await expectText(about, '面向产线建设、产线改造等业务活动');
      await about.evaluate((e) => e.scrollIntoView({ block: 'center' }));
      await shot(hb, 'se-10-scenario-description');
      await hb.context().close();
    },
  );

  console.log(`e2e selfeval: ${results.length} steps passed`);
} catch (e) {
  console.error(`e2e selfeval FAILED at step “${current()}”: ${e instanceof Error ? e.stack : e}`);
  await shootFailure(browser, 'SELFEVAL-FAILED');
  process.exitCode = 1;
} finally {
  await browser?.close().catch(() => undefined);
  await stopServer(server);
  rmSync(data, { recursive: true, force: true });
}
