// Browser tests of the Fujian advanced round's province stages on a fresh demo world: the steps
// before the province (county and city review, lists, filing, formal review) are made over the
// API by this script; the province's expert review (pool, automatic assignment, a refused hand
// adjustment, progress, results, shortlist), the expert's score sheet, the on-site check, the
// public notice with a real-name objection, its resolution and publication, and the public
// registry are driven through the UI by their Chinese labels. The server's clock is fixed with
// TIDU_TEST_NOW and moved on by restarting `tidu serve` on the same data directory.
//
//   node e2e/fujian.mjs [--tidu ../build-test/tidu] [--dist dist] [--out ../build-test/web-screenshots]
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
  startServer as startTidu,
  stepRunner,
  stopServer,
  tidu,
} from './support.mjs';

const round = 'fj-2025-advanced';

// The clock of each phase (Beijing time).
const DURING = '2025-04-01T10:00:00+08:00'; // the window is open; county and city review
const PROVINCE = '2025-05-20T10:00:00+08:00'; // a Tuesday: formal and expert review, on-site check
const NOTICE_MIDDLE = '2025-05-22T10:00:00+08:00'; // the notice (05-20 … 05-26) is open
const NOTICE_OVER = '2025-05-27T10:00:00+08:00'; // five working days have passed

const RONGJIN = '福清融锦新能源科技股份有限公司'; // ent-fj-01, 福清市
const MINRUI = '福州闽瑞汽车部件有限公司'; // ent-fj-02, 闽侯县

requireInputs();

/** A small API client for the steps made by the script: a session cookie and its CSRF token. */
class Api {
  constructor(base) {
    this.base = base;
    this.cookie = '';
    this.csrf = '';
  }
  async signIn(username, pw = password) {
    const r = await fetch(`${this.base}/api/v1/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password: pw }),
    });
    if (!r.ok) throw new Error(`sign-in ${username}: ${r.status} ${await r.text()}`);
    this.cookie = r.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    this.csrf = (await r.json()).csrf_token;
    return this;
  }
  async request(method, p, body, raw) {
    const headers = { Cookie: this.cookie, Accept: 'application/json' };
    if (method !== 'GET') headers['X-CSRF-Token'] = this.csrf;
    let payload;
    if (raw !== undefined) {
      headers['Content-Type'] = 'application/octet-stream';
      payload = raw;
    } else if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const r = await fetch(`${this.base}/api/v1${p}`, { method, headers, body: payload });
    const text = await r.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (!r.ok) throw new Error(`${method} ${p}: ${r.status} ${text}`);
    return json;
  }
  get(p) {
    return this.request('GET', p);
  }
  post(p, body = {}) {
    return this.request('POST', p, body);
  }
  put(p, body) {
    return this.request('PUT', p, body);
  }
  upload(p, bytes) {
    return this.request('POST', p, undefined, bytes);
  }
}

/** A minimal PDF (the server decides the type by the content). */
function pdf(tag) {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% ${tag}\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
  );
}

const data = mkdtempSync(path.join(tmpdir(), 'tidu-e2e-fj-'));
let server;
let browser;
let port;
let base;
const { check, results, current } = stepRunner();

async function startServer(now) {
  await stopServer(server);
  server = await startTidu({ data, port, now });
}

async function signIn(page, username, pw = password) {
  await page.goto(`${base}/sign-in`);
  await page.getByLabel('用户名').fill(username);
  await page.locator('#password').fill(pw);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
}

/** Confirms the open message box (ElMessageBox). */
async function confirmBox(page) {
  await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click();
}

const ids = {};
const expertPassword = 'Expert@2025fj';
const experts = [
  // username, name, region, employer — one works for 融锦 itself (a conflict for its panel)
  ['fj-e-rongjin', '郑融锦', '350181', RONGJIN],
  ['fj-e-fzu', '林志远', '350100', '福州大学'],
  ['fj-e-xmu', '黄海宁', '350200', '厦门大学'],
  ['fj-e-hqu', '吴清华', '350500', '华侨大学'],
  ['fj-e-fjut', '许明辉', '350100', '福建理工大学'],
  ['fj-e-jmu', '蔡文静', '350200', '集美大学'],
  ['fj-e-mri', '高建平', '350100', '福建省机械科学研究院'],
];

try {
  const demo = spawnSync(tidu, ['demo', '--data', data], { cwd: repo, encoding: 'utf8' });
  if (demo.status !== 0) throw new Error(`tidu demo failed:\n${demo.stderr}`);
  port = await freePort();
  base = `http://127.0.0.1:${port}`;
  await startServer(DURING);
  console.log(`e2e fujian: tidu serve on ${base}, data ${data}`);

  await check('over the API: county review and filing, the city passes both', async () => {
    const admin = await new Api(base).signIn('admin');
    for (const [username, name, region, employer] of experts) {
      await admin.post('/accounts', {
        username,
        password: expertPassword,
        role: 'expert',
        level: '',
        region,
        authority: '',
        display_name: name,
        extra: { employer, specialities: ['智能制造'], contact: '0591-87000000', capacity: 0 },
      });
    }
    const city = await new Api(base).signIn('fj-fuzhou-city');
    for (const [county, name] of [
      ['fj-fuqing-county', RONGJIN],
      ['fj-minhou-county', MINRUI],
    ]) {
      const c = await new Api(base).signIn(county);
      const list = await c.get(`/declarations?round=${round}&q=${encodeURIComponent(name)}`);
      const id = list.items[0].id;
      ids[name] = id;
      for (const source of ['gsxt', 'zxgk']) {
        const evidence = await c.upload(
          `/reviews/files?name=${encodeURIComponent(`${source}查询结果.pdf`)}`,
          pdf(`${id} ${source}`),
        );
        await c.post(`/declarations/${id}/blacklist-checks`, {
          source,
          result: 'clear',
          note: '查询日期当日未发现失信记录',
          evidence: evidence.sha256,
        });
      }
      await c.post(`/declarations/${id}/actions/pass`, { opinion: '初审通过' });
      await c.upload(
        `/rounds/${round}/batch/letter?name=${encodeURIComponent('初审意见.pdf')}`,
        pdf(county),
      );
      await c.post(`/rounds/${round}/batch/file`);
      await city.post(`/declarations/${id}/actions/pass`, { opinion: '同意推荐' });
    }
  });

  browser = await launchBrowser();
  const viewport = { width: 1280, height: 860 };
  const newPage = async () => (await browser.newContext({ viewport, locale: 'zh-CN' })).newPage();

  // ---- the city: ranking by drag and drop, the letter, filing ----
  const cityPage = await newPage();
  await check(
    'the city ranks its list by drag and drop, uploads its letter and files it',
    async () => {
      await signIn(cityPage, 'fj-fuzhou-city');
      await cityPage.getByRole('menuitem', { name: '推荐名单' }).click();
      await cityPage.waitForURL(/\/review\/batch$/);
      const table = cityPage.locator('[data-test=batch]');
      await expectText(table, MINRUI);
      const rows = table.locator('tbody tr');
      // The list starts in the order the city passed them; 闽瑞 is dragged to the top.
      await rows.nth(1).locator('[data-test=drag-handle]').dragTo(rows.nth(0));
      await expectText(rows.nth(0), MINRUI);
      await cityPage.getByRole('button', { name: '保存排序' }).click();
      await expectText(cityPage.locator('.el-message'), '排序已保存');
      await shot(cityPage, 'fj-00-city-ranking');
      await cityPage.getByLabel('上传报送函（PDF）').setInputFiles({
        name: '推荐意见.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from(pdf('city')),
      });
      await expectText(cityPage.locator('.el-message'), '报送函已上传');
      await cityPage.getByRole('button', { name: '报送推荐名单' }).click();
      await cityPage.getByRole('dialog').getByRole('button', { name: '确定' }).click();
      await expectText(cityPage.locator('.el-message'), '推荐名单已报送');
    },
  );
  await check('over the API: the province’s formal review', async () => {
    await startServer(PROVINCE);
    const province = await new Api(base).signIn('fj-province');
    for (const id of Object.values(ids)) {
      await province.post(`/declarations/${id}/actions/formal_pass`, { opinion: '形式审查通过' });
    }
  });

  // ---- the province: pool and assignment ----
  const prov = await newPage();
  await check('the province sees the expert pool and assigns panels automatically', async () => {
    await signIn(prov, 'fj-province');
    await prov.getByRole('menuitem', { name: '省级评审' }).click();
    await prov.waitForURL(/\/province/);
    const pool = prov.locator('[data-test=expert-pool]');
    await expectText(pool, '郑融锦');
    await expectText(pool, '福州大学');
    await expectText(prov.locator('[data-test=panels]'), '尚未分配专家');
    await shot(prov, 'fj-01-expert-pool');
    await prov.locator('[data-test=assign]').click();
    await expectText(prov.locator('.el-message'), '已分配 2 份');
    const panels = prov.locator('[data-test=panels]');
    await expectText(panels, RONGJIN);
    await expectText(panels, MINRUI);
    await expectText(panels.locator('[data-test=progress]'), '0/5');
    const rongjinRow = panels.locator('tr', { hasText: RONGJIN });
    if ((await rongjinRow.textContent()).includes('郑融锦'))
      throw new Error('the enterprise’s own employee was put on its panel');
    await shot(prov, 'fj-02-panels');
  });
  await check('a hand adjustment that breaks the rules is refused with its reasons', async () => {
    const row = prov.locator('[data-test=panels] tr', { hasText: RONGJIN });
    await row.getByRole('button', { name: '调整' }).click();
    const dialog = prov.getByRole('dialog');
    await expectText(dialog, '选择 5 位专家');
    const option = prov.locator('.el-select-dropdown__item:visible', { hasText: '郑融锦' });
    for (let i = 0; i < 3 && !(await option.isVisible()); i += 1) {
      await prov.waitForTimeout(400); // the dialog's opening animation
      await dialog.locator('.el-select').first().click();
      await option.waitFor({ state: 'visible', timeout: 3000 }).catch(() => undefined);
    }
    await option.click();
    await dialog.locator('p.muted').click(); // closes the option list
    await dialog.getByRole('button', { name: '保存评审组' }).click();
    const refusal = dialog.locator('[data-test=panel-refusal]');
    await expectText(refusal, '评审组未保存');
    await expectText(refusal, RONGJIN);
    await shot(prov, 'fj-03-panel-refused');
    await dialog.getByRole('button', { name: '取消' }).click();
  });

  // ---- the experts score ----
  const panelsNow = await (
    await new Api(base).signIn('fj-province')
  ).get(`/rounds/${round}/panels`);
  const members = Object.fromEntries(
    panelsNow.items.map((p) => [p.declaration_id, p.members.map((m) => m.name)]),
  );
  // Panel members by display name: the experts made above and the demo world's two in Fujian.
  const usernames = {
    ...Object.fromEntries(experts.map(([u, name]) => [name, u])),
    '陈立新（评审专家）': 'expert-01',
    '周文斌（评审专家）': 'expert-05',
  };
  const usernameOf = (name) => usernames[name];
  const passwordOf = (username) =>
    experts.some(([u]) => u === username) ? expertPassword : password;
  const firstExpert = usernameOf(members[ids[RONGJIN]][0]);

  const exp = await newPage();
  await check('an expert opens the assigned declaration and its score sheet', async () => {
    await signIn(exp, firstExpert, passwordOf(firstExpert));
    await exp.waitForURL(/\/expert$/);
    await expectText(exp.locator('[data-test=assignments]'), RONGJIN);
    await shot(exp, 'fj-04-expert-tasks');
    await exp.locator('[data-test=assignments]').getByRole('link', { name: RONGJIN }).click();
    await exp.waitForURL(/\/expert\/d_/);
    const sheet = exp.locator('[data-test=score-sheet]');
    await expectText(sheet, '评分指引');
    await expectText(sheet, '合计：0 / 100 分');
    await expectText(exp.locator('h2'), '申报书内容');
  });
  await check('the score sheet checks half steps, sums the total and is saved', async () => {
    const sheetView = await (
      await new Api(base).signIn(firstExpert, passwordOf(firstExpert))
    ).get(`/declarations/${ids[RONGJIN]}/score-sheet`);
    const sheet = exp.locator('[data-test=score-sheet]');
    let total = 0;
    for (const [i, c] of sheetView.criteria.entries()) {
      const points = i === 0 ? 7.3 : Math.floor(c.max * 0.9 * 2) / 2;
      total += i === 0 ? 0 : points;
      const input = sheet.locator(`[data-criterion="${c.id}"] input`);
      await input.fill(String(points));
      await input.blur();
    }
    await sheet.getByLabel('评审意见').fill('场景覆盖完整，指标数据可信。');
    await sheet.getByRole('button', { name: '提交评分' }).click();
    await expectText(sheet.locator('[data-test=sheet-problems]'), '须为 0.5 分的整数倍');
    await shot(exp, 'fj-05-score-sheet-problem');
    const first = sheet.locator(`[data-criterion="${sheetView.criteria[0].id}"] input`);
    await first.fill('7.5');
    await first.blur();
    total += 7.5;
    await expectText(sheet.locator('[data-test=sheet-total]'), `合计：${total} / 100 分`);
    await sheet.getByRole('button', { name: '提交评分' }).click();
    await expectText(exp.locator('.el-message'), `评分已提交（合计 ${total} 分）`);
    await shot(exp, 'fj-06-score-sheet-saved');
  });
  await check('an expert declares a conflict and is replaced on the panel', async () => {
    const leaving = usernameOf(members[ids[MINRUI]].find((n) => usernameOf(n) !== firstExpert));
    const page = await newPage();
    await signIn(page, leaving, passwordOf(leaving));
    await page.locator('[data-test=assignments]').getByRole('link', { name: MINRUI }).click();
    await page.waitForURL(/\/expert\/d_/);
    await page.locator('[data-test=conflict]').click();
    const dialog = page.getByRole('dialog', { name: '申明利益冲突' });
    await dialog.getByLabel('冲突原因').fill('本人曾为该企业提供咨询服务');
    await shot(page, 'fj-06b-conflict');
    await dialog.getByRole('button', { name: '确定' }).click();
    await page.waitForURL(/\/expert$/);
    const left = page.locator('[data-test=assignments]');
    await left.waitFor();
    await page.waitForTimeout(500);
    if ((await left.textContent()).includes(MINRUI))
      throw new Error('the declaration is still among the expert’s tasks');
    const after = await (await new Api(base).signIn('fj-province')).get(`/rounds/${round}/panels`);
    const now = after.items
      .find((p) => p.declaration_id === ids[MINRUI])
      .members.map((m) => m.name);
    if (now.length !== 5 || now.some((n) => usernameOf(n) === leaving))
      throw new Error(`the panel was not refilled: ${now.join('、')}`);
    members[ids[MINRUI]] = now;
  });
  await check('the others score over the API; the province sees the progress', async () => {
    for (const [decl, share] of [
      [ids[RONGJIN], 0.9],
      [ids[MINRUI], 0.7],
    ]) {
      for (const id of members[decl]) {
        const u = usernameOf(id);
        if (decl === ids[RONGJIN] && u === firstExpert) continue;
        const e = await new Api(base).signIn(u, passwordOf(u));
        const s = await e.get(`/declarations/${decl}/score-sheet`);
        const scores = Object.fromEntries(
          s.criteria.map((c) => [c.id, Math.floor(c.max * share * 2) / 2]),
        );
        await e.put(`/declarations/${decl}/score-sheet`, { scores, comment: '同意' });
      }
    }
    await prov.reload();
    await expectText(prov.locator('[data-test=panels] [data-test=progress]'), '5/5');
  });
  await check('the results rank the declarations and the province shortlists both', async () => {
    await prov.getByRole('tab', { name: '评分结果与入围' }).click();
    const table = prov.locator('[data-test=results]');
    await expectText(table, RONGJIN);
    const firstRow = table.locator('tbody tr').first();
    await expectText(firstRow, RONGJIN);
    await expectText(prov.locator('.meta'), '汇总方式：算术平均');
    await shot(prov, 'fj-07-results');
    for (const name of [RONGJIN, MINRUI]) {
      await table
        .locator('tr', { hasText: name })
        .getByRole('button', { name: '入围', exact: true })
        .click();
      await confirmBox(prov);
      await expectText(prov.locator('.el-message'), '已完成：入围');
      await expectText(table.locator('tr', { hasText: name }), '入围');
    }
  });

  // ---- on-site check ----
  await check('the on-site check is started, recorded and passed through the UI', async () => {
    await prov.getByRole('tab', { name: '现场核查' }).click();
    const list = prov.locator('[data-test=onsite-list]');
    await expectText(list, RONGJIN);
    await list
      .locator('tr', { hasText: RONGJIN })
      .getByRole('button', { name: '核查与操作' })
      .click();
    const drawer = prov.locator('.el-drawer');
    await drawer.locator('[data-action=start_onsite]').getByRole('button').click();
    await confirmBox(prov);
    await expectText(prov.locator('.el-message'), '已完成：开始现场核查');
    const form = drawer.locator('[data-test=onsite-form]');
    await form.getByRole('button', { name: '保存核查记录' }).click();
    await expectText(drawer.locator('[data-test=onsite-refusal]'), '核查记录未保存');
    await form.getByLabel('核查日期').fill('2025-05-19');
    await form.getByLabel('核查日期').press('Enter');
    await form.getByLabel('核查人员').fill('林工、陈工');
    await form.getByLabel('核查说明').fill('现场与申报一致');
    await shot(prov, 'fj-08-onsite-form');
    await form.getByRole('button', { name: '保存核查记录' }).click();
    await expectText(prov.locator('.el-message'), '现场核查记录已保存');
    await expectText(drawer.locator('[data-test=onsite-record]'), '林工、陈工');
    await drawer.locator('[data-action=onsite_pass]').getByRole('button').click();
    await confirmBox(prov);
    await expectText(prov.locator('.el-message'), '已完成：现场核查通过');
    await shot(prov, 'fj-09-onsite-passed');
    await prov.keyboard.press('Escape');
  });

  // ---- the public notice ----
  let noticeId = '';
  await check('a declaration without an on-site check cannot go on the notice', async () => {
    await prov.getByRole('tab', { name: '公示与认定' }).click();
    const create = prov.locator('[data-test=notice-create]');
    await expectText(create.locator('[data-test=notice-candidates]'), MINRUI);
    await expectText(prov.locator('.el-empty'), '本批次还没有公示');
    await create.locator('[data-test=notice-candidates] thead .el-checkbox').click();
    await create.getByLabel('公示开始日期').fill('2025-05-20');
    await create.getByLabel('公示开始日期').press('Enter');
    await create.getByLabel('公示标题').fill('2025年福建省先进级智能工厂拟认定名单公示');
    await create.getByRole('button', { name: '发起公示' }).click();
    await expectText(create.locator('[data-test=notice-refusal]'), MINRUI);
    await shot(prov, 'fj-10-notice-refused');
  });
  await check('the notice of the checked declaration runs five working days', async () => {
    const create = prov.locator('[data-test=notice-create]');
    await create.locator('[data-test=notice-candidates] thead .el-checkbox').click();
    await create
      .locator('[data-test=notice-candidates] tr', { hasText: RONGJIN })
      .locator('.el-checkbox')
      .click();
    await create.getByRole('button', { name: '发起公示' }).click();
    await expectText(prov.locator('.el-message'), '公示已发布：2025-05-20 至 2025-05-26');
    const notice = prov.locator('[data-test=notice]');
    await expectText(notice, '公示期：2025-05-20 至 2025-05-26（5 个工作日）');
    await expectText(notice.locator('[data-test=notice-status]'), '公示中');
    noticeId = (await notice.getByRole('link', { name: '公开页面' }).getAttribute('href'))
      .split('/')
      .pop();
    await shot(prov, 'fj-11-notice');
  });

  await check('anyone reads the notice; an objection needs a real name and a file', async () => {
    await startServer(NOTICE_MIDDLE);
    const pub = await newPage();
    await pub.goto(`${base}/notices/${noticeId}`);
    await expectText(pub.locator('[data-test=notice-entries]'), RONGJIN);
    await expectText(pub.locator('[data-test=notice-status]'), '公示中');
    const form = pub.locator('[data-test=objection-form]');
    await form.getByLabel('异议内容').fill('该企业工厂部分产线并未投产');
    await form.getByRole('button', { name: '提交异议' }).click();
    await expectText(form.locator('[data-test=objection-problem]'), '实名');
    await form.getByLabel('姓名或单位名称').fill('王某某');
    await form.getByLabel('联系电话').fill('13900000000');
    await form.locator('#objection-file').setInputFiles({
      name: '异议书.pdf',
      mimeType: 'application/pdf',
      buffer: pdf('objection signed'),
    });
    await shot(pub, 'fj-12-public-notice');
    await form.getByRole('button', { name: '提交异议' }).click();
    await expectText(form.locator('[data-test=objection-sent]'), '异议已受理');
  });

  await check('after the period the province resolves the objection and publishes', async () => {
    await startServer(NOTICE_OVER);
    await signIn(prov, 'fj-province');
    await prov.goto(`${base}/province`);
    await prov.getByRole('tab', { name: '公示与认定' }).click();
    const notice = prov.locator('[data-test=notice]');
    await expectText(notice.locator('[data-test=objections]'), '王某某');
    await expectText(notice.locator('[data-test=notice-status]'), '已结束');
    await notice.getByRole('button', { name: '发布认定结果' }).click();
    await confirmBox(prov);
    await expectText(prov.locator('.el-message'), '异议尚未处理');
    await shot(prov, 'fj-13-objection');
    await notice.locator('[data-test=objections]').getByRole('button', { name: '处理' }).click();
    const dialog = prov.getByRole('dialog', { name: '处理异议' });
    await dialog.getByLabel('处理意见').fill('经现场核实，异议所述产线已于2025年3月投产');
    await dialog.getByRole('button', { name: '确定' }).click();
    await expectText(prov.locator('.el-message'), '异议已处理');
    await expectText(notice.locator('[data-test=objections]'), '异议不成立');
    await notice.getByRole('button', { name: '发布认定结果' }).click();
    await confirmBox(prov);
    await expectText(prov.locator('.el-message'), '认定结果已发布');
    await expectText(notice.locator('[data-test=notice-status]'), '已发布');
    await expectText(notice, '已认定');
    await shot(prov, 'fj-14-published');
  });

  await check('the public registry lists the recognised factory with its history', async () => {
    const pub = await newPage();
    await pub.goto(`${base}/registry`);
    await pub.getByLabel('企业或工厂名称、统一社会信用代码').fill('融锦');
    await pub.getByRole('button', { name: '查询' }).click();
    const table = pub.locator('[data-test=registry]');
    await expectText(table, RONGJIN);
    await expectText(table, '先进级');
    await expectText(table, '有效');
    await shot(pub, 'fj-15-registry');
    await table.getByRole('button', { name: '详情' }).click();
    await expectText(pub.locator('[data-test=registry-history]'), '认定');
    await shot(pub, 'fj-16-registry-entry');
  });

  await check('the enterprise downloads the PDF of its declaration (over the API)', async () => {
    const ent = await new Api(base).signIn('ent-fj-01');
    const r = await fetch(`${base}/api/v1/declarations/${ids[RONGJIN]}/documents/declaration.pdf`, {
      headers: { Cookie: ent.cookie },
    });
    if (!r.ok) throw new Error(`PDF download: ${r.status} ${await r.text()}`);
    const head = Buffer.from(await r.arrayBuffer())
      .subarray(0, 5)
      .toString();
    if (head !== '%PDF-') throw new Error(`the download is not a PDF: ${head}`);
  });

  console.log(`e2e fujian: ${results.length} steps passed; screenshots in ${out}`);
} catch (e) {
  console.error(`e2e fujian FAILED at step “${current()}”: ${e instanceof Error ? e.stack : e}`);
  await shootFailure(browser, 'FAILED-fj');
  process.exitCode = 1;
} finally {
  await browser?.close().catch(() => undefined);
  await stopServer(server);
  rmSync(data, { recursive: true, force: true });
}
