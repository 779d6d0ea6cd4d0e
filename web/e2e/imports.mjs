// Browser test of the data-import page on a fresh demo world: Fuzhou's city reviewer opens 数据导入
// from the menu, checks an enterprise directory (CSV) with one bad row, sees that row's problem
// with its number and reason, imports only the valid rows and finds the import in the history.
//
//   node e2e/imports.mjs [--tidu ../build-test/tidu] [--dist dist] [--out ../build-test/web-screenshots]
import { confirmBox, demoTest, expectText, requireInputs, shot, signInAt } from './support.mjs';

requireInputs();

/** A 统一社会信用代码 registered in `region` with its GB 32100 check character. */
function creditCode(region, serial) {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const first = `91${region}${String(serial).padStart(9, '0')}`;
  const sum = [...first].reduce((s, c, i) => s + alphabet.indexOf(c) * weights[i], 0);
  return first + alphabet[(31 - (sum % 31)) % 31];
}

await demoTest(
  'imports',
  { viewport: { width: 1280, height: 900 } },
  async ({ base, page, check }) => {
    const csv =
      '\ufeff统一社会信用代码,企业名称,所在地区,行业,是否规上,营业收入(万元),从业人员\r\n' +
      `${creditCode('350181', 1)},福清某某机械有限公司,350181,34,是,2600,320\r\n` +
      `${creditCode('350181', 2)},福清某某食品有限公司,350181,99,是,1800,120\r\n` +
      `${creditCode('350102', 3)},福州某某电子有限公司,350102,39,否,900,60\r\n`;

    await check(
      'the city reviewer checks a directory with a bad row and sees its problem',
      async () => {
        await signInAt(page, base, 'fj-fuzhou-city');
        await page.getByRole('menuitem', { name: '数据导入' }).click();
        await page.waitForURL(/\/imports/);
        await page.getByText('企业名录', { exact: true }).click();
        await page.locator('[data-test=import-file]').setInputFiles({
          name: '福州企业名录.csv',
          mimeType: 'text/csv',
          buffer: Buffer.from(csv, 'utf8'),
        });
        await page.getByRole('button', { name: '检查文件' }).click();
        const report = page.locator('[data-test=import-report]');
        await expectText(report, '共 3 行数据，2 行有效，1 行有问题');
        const problems = page.locator('[data-test=import-problems]');
        await expectText(problems, '第 3 行');
        await expectText(problems, '行业');
        await expectText(problems, '行业“99”不是国民经济行业分类');
        await expectText(page.locator('[data-test=import-sample]'), '福清某某机械有限公司');
        await shot(page, 'imports-01-preview');
      },
    );

    await check('only the valid rows are imported and the import is listed', async () => {
      const all = page.getByRole('button', { name: '全部导入' });
      if (await all.isEnabled())
        throw new Error('importing everything should wait for a clean file');
      await page.getByRole('button', { name: '只导入有效行（2 行）' }).click();
      await confirmBox(page);
      await expectText(page.locator('.el-message'), '已导入 2 行');
      const history = page.locator('[data-test=import-history]');
      await expectText(history, '福州企业名录.csv');
      await expectText(history, '只导入有效行');
      await shot(page, 'imports-02-history');
    });
  },
);
