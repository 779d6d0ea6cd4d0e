// Browser tests of the Fujian advanced round from a new enterprise's registration to the registry,
// on a fresh demo world. Driven through the UI by their Chinese labels: a new enterprise in 福清市
// registers, signs in, fills the whole declaration in the editor (cover, profile with its financial
// years and basic-tier self-evaluation, factory, KPI, narrative, scenario instances, 附表1–2), sees
// the advanced tier's coverage finding for 运营管理 and clears it by adding a scenario, uploads its
// attachments, signs the pledge and submits; the 福清市 county reviewer records both blacklist checks
// with evidence, passes it and files the county's list (letter, 报送); the city ranks the list by
// drag and drop and files it; the province's expert review (pool, automatic assignment, a refused
// hand adjustment, progress, results, shortlist), an expert's score sheet and declared conflict,
// the on-site check of 融锦, the public notice with a real-name objection, its resolution and
// publication, the public registry, and the new enterprise's download of its 申报书 PDF.
// Over the API, by this script: the expert accounts; the demo enterprises' county steps (融锦's
// blacklist checks and pass at 福清市, 闽瑞's whole county review and filing at 闽侯县); the city's
// passes; the province's formal review; the other experts' score sheets; the new enterprise's
// on-site check. The server's clock is fixed with TIDU_TEST_NOW and moved on by restarting
// `tidu serve` on the same data directory; the browsers keep today's time (the home page lists the
// rounds open by the server's clock).
//
//   node e2e/fujian.mjs [--tidu ../build-test/tidu] [--dist dist] [--out ../build-test/web-screenshots]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  confirmBox,
  expectText,
  freePort,
  launchBrowser,
  out,
  password,
  repo,
  requireInputs,
  shootFailure,
  shot,
  signInAt,
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
// The enterprise that registers during the test, in 福清市 (350181).
const NEWENT = '福清海峡精密制造有限公司';
const NEW_FACTORY = '福清海峡精密制造智能工厂';
const NEW_CODE = '91350181MA2YHX0Q1R'; // GB 32100 check character included
const NEW_USER = 'hxjm-fuqing';
const NEW_PASSWORD = 'Haixia@2025fq';

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

const signIn = (page, username, pw = password) => signInAt(page, base, username, pw);

/** Chooses an option of an Element Plus select (its input, found by its label). */
async function pick(trigger, option) {
  const page = trigger.page();
  await trigger.evaluate((e) => e.scrollIntoView({ block: 'center' }));
  const item = page.locator('.el-select-dropdown__item:visible', { hasText: option }).first();
  for (let i = 0; i < 3 && !(await item.isVisible()); i += 1) {
    await trigger.click({ force: true }); // the select's own input sits under its placeholder
    await item.waitFor({ state: 'visible', timeout: 2000 }).catch(() => undefined);
  }
  await item.click();
}

/** Types a date into a date picker (YYYY-MM-DD). */
async function pickDate(input, value) {
  await input.fill(value);
  await input.press('Enter');
}

/** Chooses 环节/场景 in a filterable cascader by typing the scenario's name. */
async function cascade(root, search, closer) {
  const page = root.page();
  await root.evaluate((e) => e.scrollIntoView({ block: 'center' }));
  const multi = root.locator('input.el-cascader__search-input');
  const input = (await multi.count()) ? multi : root.locator('input').first();
  await input.click({ force: true });
  await input.fill(search);
  await page.locator('.el-cascader__suggestion-item:visible', { hasText: search }).first().click();
  // A multiple choice stays open for more (Escape does not close it); a click beside it does.
  await closer.click();
  await page
    .locator('.el-cascader__dropdown:visible')
    .waitFor({ state: 'hidden' })
    .catch(() => undefined);
}

/** Waits for the editor's autosave to settle. */
const saved = (page) => expectText(page.locator('[data-test=save-state]'), '已保存');

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

  await check(
    'over the API: experts; 闽瑞’s county review and filing; 融锦 passed at 福清市',
    async () => {
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
        // 福清市 files its list through the UI below, with the new enterprise on it.
        if (county === 'fj-fuqing-county') continue;
        await c.upload(
          `/rounds/${round}/batch/letter?name=${encodeURIComponent('初审意见.pdf')}`,
          pdf(county),
        );
        await c.post(`/rounds/${round}/batch/file`);
      }
    },
  );

  browser = await launchBrowser();
  const viewport = { width: 1280, height: 860 };
  const newPage = async () => (await browser.newContext({ viewport, locale: 'zh-CN' })).newPage();

  const ent = await newPage();

  // ---- a new enterprise in 福清市 registers, fills and submits its declaration ----
  await check(
    'a new enterprise in 福清市 registers and starts the Fujian declaration',
    async () => {
      await ent.goto(`${base}/sign-in`);
      await ent.getByRole('link', { name: '企业首次使用？注册账号' }).click();
      await ent.waitForURL(/\/register$/);
      await ent.getByLabel('企业名称').fill(NEWENT);
      await ent.getByLabel('统一社会信用代码').fill(NEW_CODE);
      await ent.getByLabel('所在地区').click();
      const regions = ent.locator('.el-cascader-panel:visible');
      await regions.getByText('福建省', { exact: true }).click();
      await regions.getByText('福州市', { exact: true }).click();
      await regions
        .locator('.el-cascader-node', { hasText: '福清市' })
        .locator('.el-radio')
        .click();
      await ent.getByLabel('联系人', { exact: true }).fill('林晓燕');
      await ent.getByLabel('联系人手机').fill('13905910001');
      await ent.getByLabel('登录用户名').fill(NEW_USER);
      await ent.getByLabel('密码', { exact: true }).fill(NEW_PASSWORD);
      await ent.getByLabel('确认密码').fill(NEW_PASSWORD);
      await shot(ent, 'fj-01-register');
      await ent.getByRole('button', { name: '注册', exact: true }).click();
      await ent.waitForURL(/\/sign-in/);
      await expectText(ent.locator('.el-message'), '注册成功');
      await signIn(ent, NEW_USER, NEW_PASSWORD);
      await ent.waitForURL(/\/enterprise$/);
      const open = ent.locator('[data-test=open-rounds]');
      await expectText(open, '2025年福建省先进级智能工厂申报');
      await open
        .getByRole('row', { name: /2025年福建省先进级/ })
        .getByRole('button', { name: '开始填写' })
        .click();
      await ent.waitForURL(/\/declarations\/d_/);
      ids[NEWENT] = ent.url().split('/').pop();
      await expectText(ent.locator('[data-test=findings-summary]'), '个错误');
      await expectText(ent.locator('[data-test=finding]'), '不满足申报前提');
      await shot(ent, 'fj-02-new-draft');
    },
  );

  await check(
    'the enterprise fills the cover, its profile and the factory by their labels',
    async () => {
      const cover = ent.locator('#s-cover');
      await cover.getByLabel('项目名称').fill(NEW_FACTORY);
      await cover.getByLabel('法人代表').fill('陈海峰');
      await cover.getByLabel('推荐单位').fill('福清市工业和信息化局');
      await pickDate(cover.getByLabel('申报日期'), '2025-04-01');
      const e = ent.locator('#s-enterprise');
      await pickDate(e.getByLabel('成立时间'), '2012-06-18');
      await pick(e.getByLabel('企业性质'), '民营');
      await pick(e.getByLabel('企业类型'), '中型');
      await e.getByLabel('从业人员数').fill('520');
      await e.getByLabel('所属行业大类').fill('36');
      await e.getByLabel('所属行业中类').fill('367');
      await e.getByLabel('单位地址').fill('福建省福州市福清市融侨经济技术开发区海峡路18号');
      await e.getByLabel('法人代表/负责人 姓名').fill('陈海峰');
      await e.getByLabel('法人代表/负责人 电话').fill('0591-85300001');
      await e.getByLabel('联系人 电话').fill('0591-85300002');
      await e.getByLabel('联系人 职务').fill('信息化部经理');
      await e.getByLabel('联系人 邮箱').fill('linxy@hxjm.example.cn');
      // 近三年发展情况: one row a year, the columns in the form's order.
      const financials = e.locator('#f-enterprise__financials');
      for (const [i, row] of [
        ['2022', '52000', '48.5', '41000', '8.6', '1860'],
        ['2023', '56800', '47.2', '45600', '9.1', '2050'],
        ['2024', '61500', '46.0', '50200', '9.8', '2310'],
      ].entries()) {
        await financials.getByRole('button', { name: '添加一行' }).click();
        const cells = financials.locator('tbody tr').nth(i).locator('input');
        for (const [j, v] of row.entries()) await cells.nth(j).fill(v);
      }
      await expectText(financials.locator('thead'), '资产总额（万元）');
      // The round requires a basic-tier self-evaluation; it is recorded beside the titles.
      const recognitions = e.locator('#f-enterprise__recognitions');
      await recognitions.getByRole('button', { name: '添加一行' }).click();
      const rec = recognitions.locator('tbody tr').first();
      await pick(rec.getByLabel('层级'), '基础级');
      await pick(rec.getByLabel('方式'), '自建自评');
      await rec.getByLabel('年份').fill('2024');
      await rec.getByLabel('工厂名称').fill(NEW_FACTORY);
      await rec.getByLabel('认定单位').fill('福清市工业和信息化局');
      await saved(ent);
      await ent
        .locator('[data-test=finding]', { hasText: '不满足申报前提' })
        .waitFor({ state: 'detached', timeout: 10000 });
      await pick(e.getByLabel('智能制造能力成熟度评估结果'), '3 级');
      await e
        .locator('[data-path="enterprise.accident.occurred"] .el-radio', { hasText: '否' })
        .click();
      await e
        .getByLabel('企业简介')
        .fill(
          '公司成立于2012年，专业生产汽车精密零部件，产品配套国内主要整车企业，2024年营业收入5亿元。',
        );
      const f = ent.locator('#s-factory');
      await f.getByLabel('项目名称').fill(NEW_FACTORY);
      await pick(f.getByLabel('所属行业'), '装备制造');
      await f.getByLabel('细分行业').fill('汽车零部件及配件制造');
      await f.getByLabel('建设地址').fill('福建省福州市福清市融侨经济技术开发区海峡路18号');
      await f.getByLabel('建设集成商').fill('福州远航数字科技有限公司\n福建海创智能装备有限公司');
      await pickDate(f.getByLabel('起止日期（开始）'), '2022-03-01');
      await pickDate(f.getByLabel('起止日期（结束）'), '2024-12-31');
      await f.getByLabel('项目投资（万元）').fill('8600');
      const kpis = f.locator('#f-factory__kpis');
      await kpis.getByRole('button', { name: '添加指标' }).click();
      await kpis.getByLabel('建设前').fill('62');
      await kpis.getByLabel('建设后').fill('91');
      await expectText(kpis, '按公式计算：46.77');
      await f
        .getByLabel('项目简述')
        .fill(
          '项目围绕汽车精密零部件柔性生产，建设柔性产线、在线检测与智慧营销系统，实现计划、生产、质量和销售数据贯通。',
        );
      await saved(ent);
      await shot(ent, 'fj-03-factory');
    },
  );

  await check('the narrative sections are filled', async () => {
    const fill = (section, label, text) => ent.locator(section).getByLabel(label).fill(text);
    await fill(
      '#s-overview',
      '项目实施背景',
      '多品种小批量订单增多，换线时间长、质量检测依赖人工、销售预测不准，亟需建设智能工厂。',
    );
    await fill(
      '#s-overview',
      '项目整体方案',
      '以工业互联网平台为底座，建设柔性产线、在线检测和智慧营销等场景，打通制造执行系统与企业资源计划系统。',
    );
    await fill(
      '#s-integration',
      '项目系统集成情况',
      '制造执行、质量管理与企业资源计划系统通过统一数据平台集成，计划、生产、质量、销售数据贯通。',
    );
    await fill(
      '#s-advancement',
      '项目的先进性与特色',
      '采用机器视觉在线检测和产线模块化重构技术，关键装备和工业软件安全可控。',
    );
    await fill(
      '#s-results',
      '项目实施成效',
      '生产效率提升25%，产品不良率下降18%，订单交付周期缩短30%。',
    );
    await fill('#s-goals', '1. 预期目标', '2026年建成卓越级智能工厂。');
    await fill(
      '#s-goals',
      '2. 下一步建设主要内容',
      '建设数字孪生工厂，计划投资3000万元，自筹解决。',
    );
    await fill(
      '#s-goals',
      '3. 成长性分析',
      '新能源汽车零部件订单快速增长，预计三年营业收入年均增长15%。',
    );
    await fill('#s-goals', '4. 推广应用计划', '向福清市汽车零部件企业推广柔性产线和在线检测方案。');
    await saved(ent);
  });

  const scenarios = [
    // construction domain, scenario (typed to find it), 环节-场景-场景实例
    ['生产作业', '产线柔性配置', '生产作业-产线柔性配置-转向节柔性加工产线'],
    ['生产管理', '生产计划优化', '计划调度-生产计划优化-多品种订单计划优化排程'],
    ['运营管理', '智慧营销管理', '营销与售后-智慧营销管理-主机厂订单预测与协同'],
  ];
  async function describeScenario([domain, search, full]) {
    const group = ent.locator(`[data-test=scenario-group][data-domain="${domain}"]`);
    await cascade(group.locator('.add-row .el-cascader'), search, group.locator('.group-heading'));
    await group.getByRole('button', { name: '添加场景实例' }).click();
    const card = group.locator('.instance').last();
    await card.getByLabel('场景实例名称').fill(full.split('-')[2]);
    await expectText(card, `场景名称：${full}`);
    await card.getByLabel('（1）场景解决方案供应商名称').fill('福州远航数字科技有限公司');
    await card.getByLabel('联系人').fill('王工');
    await card.getByLabel('联系方式').fill('13900139000');
    await pickDate(card.getByLabel('（2）场景建设起止日期（开始）'), '2022-03-01');
    await pickDate(card.getByLabel('（2）场景建设起止日期（结束）'), '2024-10-31');
    await card.getByLabel('（3）场景建设总投资（万元）').fill('1200');
    await card
      .getByLabel('3. 场景实例描述')
      .fill(`面向${search}建设的场景实例，部署智能装备与系统，实现关键工序数据实时采集与优化。`);
    await card
      .getByLabel('4. 解决的痛点问题描述')
      .fill('依赖人工经验，响应慢、质量波动大、成本偏高。');
    await card
      .getByLabel('5. 采用的技术方案')
      .fill('由福州远航数字科技有限公司实施，应用工业互联网平台与机器视觉技术。');
    await card.getByLabel('7. 已实施成效').fill('相关工序效率提升25%，不良率下降18%。');
    await card
      .getByLabel('9. 经济性和可推广性')
      .fill('投资约三年收回，采用通用装备和标准接口，适合同行业推广。');
    await card
      .getByLabel('10. 场景实例采用的关键装备')
      .fill('工业互联网平台、边缘计算网关、机器视觉检测设备。');
    // 覆盖的环节和具体场景 lists the scenario too.
    const covered = ent.locator('#f-factory__covered');
    await cascade(covered.locator('.el-cascader'), search, covered.locator('.field-label'));
    // 附表1 and 附表2: one row for the instance.
    const rows = ent.locator('#f-appendix__scenario_rows');
    await rows.getByRole('button', { name: '添加一行' }).click();
    const r = rows.locator('tbody tr').last();
    await r.getByLabel('具体场景名称').fill(full);
    await r.getByLabel('具体场景描述').fill(`面向${search}部署智能装备与系统。`);
    await r.getByLabel('解决的痛点问题描述').fill('依赖人工经验，响应慢、质量波动大。');
    await r
      .getByLabel('采用的技术方案')
      .fill('工业互联网平台与机器视觉技术，福州远航数字科技有限公司实施。');
    await r.getByLabel('实施成果').fill('效率提升25%，不良率下降18%。');
    const equipment = ent.locator('#f-appendix__equipment');
    await equipment.getByRole('button', { name: '添加一行' }).click();
    const q = equipment.locator('tbody tr').last();
    await q.getByLabel('具体场景名称').fill(full);
    await q.getByLabel('关键技术装备、软件/系统名称').fill('工业互联网平台及边缘计算网关');
    await q.getByLabel('品牌').fill('华拓');
    await q.getByLabel('供应商').fill('福州远航数字科技有限公司');
    await q.getByLabel('应用描述').fill('采集设备和工艺数据，支撑实时分析与优化。');
  }

  await check('two scenarios leave the advanced tier’s coverage finding for 运营管理', async () => {
    await describeScenario(scenarios[0]);
    await describeScenario(scenarios[1]);
    await saved(ent);
    const finding = ent.locator('[data-test=finding]', { hasText: '先进级须覆盖“运营管理”领域' });
    await finding.waitFor({ state: 'visible', timeout: 10000 });
    await expectText(finding, '闽工信函装备〔2025〕123号 一、申报条件 3');
    await expectText(
      ent.locator('[data-test=findings-panel] .domain', { hasText: '运营管理' }),
      '未覆盖',
    );
    await finding.getByRole('button').click();
    await shot(ent, 'fj-04-coverage-finding');
  });

  await check('adding a 运营管理 scenario clears the coverage finding', async () => {
    await describeScenario(scenarios[2]);
    await saved(ent);
    await ent
      .locator('[data-test=finding]', { hasText: '运营管理' })
      .waitFor({ state: 'detached', timeout: 10000 });
    await expectText(
      ent.locator('[data-test=findings-panel] .domain', { hasText: '运营管理' }),
      '已覆盖',
    );
    await shot(ent, 'fj-05-coverage-fixed');
  });

  await check('the attachments are uploaded through the editor and the pledge signed', async () => {
    const section = ent.locator('[data-test=attachments]');
    for (const [kind, file] of [
      ['企业营业执照复印件', '营业执照.pdf'],
      ['企业2022年-2024年三年公司财务情况佐证材料', '2022-2024年财务审计报告.pdf'],
      ['智能制造能力成熟度评估报告', '成熟度评估报告.pdf'],
      ['法人和非法人组织公共信用信息报告', '公共信用信息报告.pdf'],
    ]) {
      await section.getByLabel(`上传：${kind}`, { exact: false }).setInputFiles({
        name: file,
        mimeType: 'application/pdf',
        buffer: pdf(`${NEWENT} ${file}`),
      });
      await expectText(section.locator('[data-test=attachment-file]'), file);
    }
    await ent.locator('[data-test=pledge-checkbox]').click();
    await saved(ent);
    await shot(ent, 'fj-06-attachments');
    await expectText(ent.locator('[data-test=findings-none]'), '未发现问题，可以提交', 15000);
  });

  await check('the enterprise submits after the final check', async () => {
    await ent.locator('[data-test=submit]').click();
    await expectText(ent.getByRole('dialog'), '确定提交吗');
    await ent.getByRole('dialog').getByRole('button', { name: '确定' }).click();
    await expectText(ent.locator('.el-message'), '已提交（第 1 版）');
    await expectText(ent.locator('.editor-head'), '待初审');
    await shot(ent, 'fj-07-submitted');
  });

  // ---- the county reviews the new declaration and files its list through the UI ----
  const county = await newPage();
  await check(
    'the county finds the new declaration and records both blacklist checks',
    async () => {
      await signIn(county, 'fj-fuqing-county');
      await county.waitForURL(/\/review$/);
      await county.getByLabel('企业名称或统一社会信用代码').fill('海峡精密');
      await county.getByRole('button', { name: '查询' }).click();
      const queue = county.locator('[data-test=queue]');
      await expectText(queue, NEWENT);
      await queue.getByRole('link', { name: NEWENT }).first().click();
      await county.waitForURL(/\/review\/d_/);
      const pass = county.locator('[data-action=pass]');
      await expectText(pass.locator('[data-test=reasons]'), '黑名单');
      const blacklist = county.locator('[data-test=blacklist]');
      await expectText(blacklist, '本级尚未记录核查结果');
      await shot(county, 'fj-08-county-review');
      for (const source of ['国家企业信用信息公示系统', '中国执行信息公开网']) {
        await blacklist.locator('.el-radio', { hasText: source }).click();
        await blacklist.locator('.el-radio', { hasText: '未发现失信记录' }).click();
        await blacklist.getByLabel('核查说明').fill('查询日期当日未发现失信记录');
        await blacklist.getByLabel('上传查询结果截图或文件').setInputFiles({
          name: `${source}查询结果.pdf`,
          mimeType: 'application/pdf',
          buffer: pdf(`${NEWENT} ${source}`),
        });
        await expectText(
          blacklist.locator('[data-test=blacklist-evidence]'),
          `${source}查询结果.pdf`,
        );
        await blacklist.getByRole('button', { name: '记录核查结果' }).click();
        await expectText(county.locator('.el-message'), `已记录：${source}`);
        await expectText(blacklist.locator('[data-test=blacklist-checks]'), source);
      }
      await county.locator('[data-action=pass] button:not([disabled])').waitFor();
      await county.evaluate(() => window.scrollTo(0, 0));
      await shot(county, 'fj-09-blacklist-recorded');
    },
  );
  await check('the county passes the declaration with its opinion', async () => {
    await county.getByLabel('审核意见').fill('材料齐全，两项失信黑名单查询均无记录，同意推荐。');
    await county.locator('[data-action=pass]').getByRole('button').click();
    await county.getByRole('dialog').getByRole('button', { name: '确定' }).click();
    await expectText(county.locator('.el-message'), '已完成：初审通过');
    await shot(county, 'fj-10-county-passed');
  });
  await check('the county uploads its letter and files its list to the city', async () => {
    await county.getByRole('menuitem', { name: '推荐名单' }).click();
    await county.waitForURL(/\/review\/batch$/);
    const table = county.locator('[data-test=batch]');
    await expectText(table, NEWENT);
    await expectText(table, RONGJIN);
    await county.getByLabel('上传报送函（PDF）').setInputFiles({
      name: '福清市初审意见.pdf',
      mimeType: 'application/pdf',
      buffer: pdf('fj-fuqing-county letter'),
    });
    await expectText(county.locator('.el-message'), '报送函已上传');
    await shot(county, 'fj-11-county-batch');
    await county.getByRole('button', { name: '报送推荐名单' }).click();
    await county.getByRole('dialog').getByRole('button', { name: '确定' }).click();
    await expectText(county.locator('.el-message'), '推荐名单已报送');
  });

  await check('over the API: the city passes 融锦, the new enterprise and 闽瑞', async () => {
    const city = await new Api(base).signIn('fj-fuzhou-city');
    for (const name of [RONGJIN, NEWENT, MINRUI]) {
      await city.post(`/declarations/${ids[name]}/actions/pass`, { opinion: '同意推荐' });
    }
  });

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
      // The list starts in the order the city passed them (融锦, the new enterprise, 闽瑞);
      // 闽瑞 is dragged to the top.
      await expectText(rows.nth(1), NEWENT);
      await rows.nth(2).locator('[data-test=drag-handle]').dragTo(rows.nth(0));
      await expectText(rows.nth(0), MINRUI);
      await expectText(rows.nth(2), NEWENT);
      await cityPage.getByRole('button', { name: '保存排序' }).click();
      await expectText(cityPage.locator('.el-message'), '排序已保存');
      await shot(cityPage, 'fj-12-city-ranking');
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
    await shot(prov, 'fj-13-expert-pool');
    await prov.locator('[data-test=assign]').click();
    await expectText(prov.locator('.el-message'), '已分配 3 份');
    const panels = prov.locator('[data-test=panels]');
    await expectText(panels, RONGJIN);
    await expectText(panels, MINRUI);
    await expectText(panels, NEWENT);
    await expectText(panels.locator('[data-test=progress]'), '0/5');
    const rongjinRow = panels.locator('tr', { hasText: RONGJIN });
    if ((await rongjinRow.textContent()).includes('郑融锦'))
      throw new Error('the enterprise’s own employee was put on its panel');
    await shot(prov, 'fj-14-panels');
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
    await shot(prov, 'fj-15-panel-refused');
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
    await shot(exp, 'fj-16-expert-tasks');
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
    await shot(exp, 'fj-17-score-sheet-problem');
    const first = sheet.locator(`[data-criterion="${sheetView.criteria[0].id}"] input`);
    await first.fill('7.5');
    await first.blur();
    total += 7.5;
    await expectText(sheet.locator('[data-test=sheet-total]'), `合计：${total} / 100 分`);
    await sheet.getByRole('button', { name: '提交评分' }).click();
    await expectText(exp.locator('.el-message'), `评分已提交（合计 ${total} 分）`);
    await shot(exp, 'fj-18-score-sheet-saved');
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
    await shot(page, 'fj-19-conflict');
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
      [ids[NEWENT], 0.8],
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
  await check(
    'the results rank the declarations and the province shortlists all three',
    async () => {
      await prov.getByRole('tab', { name: '评分结果与入围' }).click();
      const table = prov.locator('[data-test=results]');
      await expectText(table, RONGJIN);
      const firstRow = table.locator('tbody tr').first();
      await expectText(firstRow, RONGJIN);
      await expectText(prov.locator('.meta'), '汇总方式：算术平均');
      await shot(prov, 'fj-20-results');
      for (const name of [RONGJIN, NEWENT, MINRUI]) {
        await table
          .locator('tr', { hasText: name })
          .getByRole('button', { name: '入围', exact: true })
          .click();
        await confirmBox(prov);
        await expectText(prov.locator('.el-message'), '已完成：入围');
        await expectText(table.locator('tr', { hasText: name }), '入围');
      }
    },
  );

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
    await shot(prov, 'fj-21-onsite-form');
    await form.getByRole('button', { name: '保存核查记录' }).click();
    await expectText(prov.locator('.el-message'), '现场核查记录已保存');
    await expectText(drawer.locator('[data-test=onsite-record]'), '林工、陈工');
    await drawer.locator('[data-action=onsite_pass]').getByRole('button').click();
    await confirmBox(prov);
    await expectText(prov.locator('.el-message'), '已完成：现场核查通过');
    await shot(prov, 'fj-22-onsite-passed');
    await prov.keyboard.press('Escape');
  });
  await check(
    'over the API: the new enterprise’s on-site check is recorded and passed',
    async () => {
      const province = await new Api(base).signIn('fj-province');
      const { onsite_check: onsite } = await province.get(`/rounds/${round}/review`);
      const id = ids[NEWENT];
      await province.post(`/declarations/${id}/actions/start_onsite`, { opinion: '' });
      await province.post(`/declarations/${id}/onsite`, {
        checked_on: '2025-05-19',
        inspectors: ['林工', '陈工'],
        findings: onsite.checklist.map((c) => ({ item: c.id, conforms: true, note: '' })),
        result: 'pass',
        note: '现场与申报一致',
        files: [],
      });
      await province.post(`/declarations/${id}/actions/onsite_pass`, { opinion: '现场核查通过' });
    },
  );

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
    await shot(prov, 'fj-23-notice-refused');
  });
  await check('the notice of the two checked declarations runs five working days', async () => {
    const create = prov.locator('[data-test=notice-create]');
    await create.locator('[data-test=notice-candidates] thead .el-checkbox').click();
    for (const name of [RONGJIN, NEWENT]) {
      await create
        .locator('[data-test=notice-candidates] tr', { hasText: name })
        .locator('.el-checkbox')
        .click();
    }
    // The candidates come a page at a time from the server; the choice is counted across pages.
    await expectText(create.locator('[data-test=notice-selected]'), '已选 2 家');
    await create.getByRole('button', { name: '发起公示' }).click();
    await expectText(prov.locator('.el-message'), '公示已发布：2025-05-20 至 2025-05-26');
    const notice = prov.locator('[data-test=notice]');
    await expectText(notice, '公示期：2025-05-20 至 2025-05-26（5 个工作日）');
    await expectText(notice.locator('[data-test=notice-status]'), '公示中');
    noticeId = (await notice.getByRole('link', { name: '公开页面' }).getAttribute('href'))
      .split('/')
      .pop();
    await shot(prov, 'fj-24-notice');
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
    await shot(pub, 'fj-25-public-notice');
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
    await shot(prov, 'fj-26-objection');
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
    await shot(prov, 'fj-27-published');
  });

  await check(
    'the public registry lists the recognised factories, 融锦 with its history',
    async () => {
      const pub = await newPage();
      await pub.goto(`${base}/registry`);
      await pub.getByLabel('企业或工厂名称、统一社会信用代码').fill('融锦');
      await pub.getByRole('button', { name: '查询' }).click();
      const table = pub.locator('[data-test=registry]');
      await expectText(table, RONGJIN);
      await expectText(table, '先进级');
      await expectText(table, '有效');
      await shot(pub, 'fj-28-registry');
      await table.getByRole('button', { name: '详情' }).click();
      await expectText(pub.locator('[data-test=registry-history]'), '认定');
      await shot(pub, 'fj-29-registry-entry');
      await pub.keyboard.press('Escape');
      await pub.getByLabel('企业或工厂名称、统一社会信用代码').fill(NEW_CODE);
      await pub.getByRole('button', { name: '查询' }).click();
      await expectText(table, NEW_FACTORY);
      await expectText(table.locator('tr', { hasText: NEWENT }), '先进级');
    },
  );

  await check('the new enterprise downloads its 申报书 PDF from its declaration', async () => {
    await signIn(ent, NEW_USER, NEW_PASSWORD);
    await ent.waitForURL(/\/enterprise$/);
    const mine = ent.locator('[data-test=my-declarations]');
    await expectText(mine, '2025年福建省先进级智能工厂申报');
    await mine.getByRole('button', { name: '查看' }).click();
    await ent.waitForURL(/\/declarations\/d_/);
    await expectText(ent.locator('.editor-head'), '已认定');
    const downloads = ent.locator('[data-test=downloads]');
    await shot(ent, 'fj-30-enterprise-recognised');
    const [download] = await Promise.all([
      ent.waitForEvent('download'),
      downloads.getByText('下载申报书 PDF').click(),
    ]);
    const file = await download.path();
    const head = readFileSync(file).subarray(0, 5).toString();
    if (head !== '%PDF-') throw new Error(`the download is not a PDF: ${head}`);
    if (!download.suggestedFilename().endsWith('.pdf'))
      throw new Error(`the download is named ${download.suggestedFilename()}`);
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
