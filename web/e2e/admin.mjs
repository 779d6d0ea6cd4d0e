// Browser tests of the administrator's page on a fresh demo world: accounts (search, a new county
// reviewer made in the dialog, disabled, its password reset), a round definition checked with its
// fault shown by line and saved as a new version pending the next start, the policy catalogue
// with a guide's scenarios, and the region tree — all through the UI by its Chinese labels.
//
//   node e2e/admin.mjs [--tidu ../build-test/tidu] [--dist dist] [--out ../build-test/web-screenshots]
import { demoTest, expectText, password, requireInputs, shot } from './support.mjs';

requireInputs();

await demoTest(
  'admin',
  { viewport: { width: 1280, height: 860 } },
  async ({ base, page, check }) => {
    await check('the administrator finds accounts by role and region', async () => {
      await page.goto(`${base}/sign-in`);
      await page.getByLabel('用户名').fill('admin');
      await page.locator('#password').fill(password);
      await page.getByRole('button', { name: '登录' }).click();
      await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
      await page.getByRole('menuitem', { name: '系统管理' }).click();
      await page.waitForURL(/\/admin/);
      const table = page.locator('[data-test=accounts]');
      await expectText(table, 'fj-fuqing-county');
      await page.getByLabel('地区（含下级）').fill('350100');
      await page.getByRole('button', { name: '查询' }).click();
      await expectText(table, '福清市工业和信息化局');
      await page.waitForFunction(
        () =>
          [...document.querySelectorAll('[data-test=accounts] tbody tr')].every((tr) =>
            (tr.textContent ?? '').includes('3501'),
          ),
        null,
        { timeout: 10000 },
      );
      await shot(page, 'admin-01-accounts');
    });

    await check('a new county reviewer is made, disabled and given a new password', async () => {
      await page.getByRole('button', { name: '新建账号' }).click();
      const dialog = page.getByRole('dialog', { name: '新建账号' });
      await dialog.getByLabel('用户名').fill('fj-yongtai-review');
      await dialog.getByLabel('显示名称').fill('永泰县工业和信息化局 审核员');
      await dialog.getByLabel('地区代码').fill('350125');
      await dialog.getByLabel('初始密码').fill('short');
      await dialog.getByRole('button', { name: '新建账号' }).click();
      await expectText(page.locator('.el-message'), '密码至少 10 个字符');
      await dialog.getByLabel('初始密码').fill('Yongtai-Review-2026');
      await shot(page, 'admin-02-new-account');
      await dialog.getByRole('button', { name: '新建账号' }).click();
      await expectText(page.locator('.el-message'), '账号已创建');
      const row = page
        .locator('[data-test=accounts] tbody tr')
        .filter({ hasText: 'fj-yongtai-review' });
      await expectText(row, '正常');
      await row.getByRole('button', { name: '停用' }).click();
      await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click();
      await expectText(page.locator('.el-message'), '账号已停用');
      await expectText(row, '已停用');
      await row.getByRole('button', { name: '重置密码' }).click();
      const reset = page.getByRole('dialog').filter({ hasText: '新密码' });
      await reset.getByLabel('新密码').fill('Yongtai-Renewed-2026');
      await reset.getByRole('button', { name: '重置密码' }).click();
      await expectText(page.locator('.el-message'), '密码已重置');
    });

    await check(
      'a round definition is checked line by line and saved as a new version',
      async () => {
        await page.getByRole('tab', { name: '申报批次' }).click();
        const rounds = page.locator('[data-test=admin-rounds]');
        const fujian = rounds.locator('tbody tr').filter({ hasText: 'fj-2025-advanced' });
        await fujian.getByRole('button', { name: '查看和修改' }).click();
        const yaml = page.getByLabel('批次定义（YAML）');
        const text = await yaml.inputValue();
        if (!text.includes('closes: 2025-04-10T23:59:59+08:00'))
          throw new Error('not the Fujian file');
        await yaml.fill(text.replace('closes: 2025-04-10T', 'closes: 2025-04-31T'));
        await page.getByRole('button', { name: '检查' }).click();
        const faults = page.locator('[data-test=round-faults]');
        await expectText(faults, '发现 1 处问题');
        await expectText(faults, '第 26 行 window.closes');
        await shot(page, 'admin-03-round-fault');
        await yaml.fill(text.replace('closes: 2025-04-10T', 'closes: 2025-04-17T'));
        await page.getByRole('button', { name: '检查' }).click();
        await expectText(faults, '检查通过');
        await page.getByLabel('修改说明').fill('按补充通知延长申报截止时间');
        await page.getByRole('button', { name: '保存为新版本' }).click();
        await expectText(page.locator('.el-message'), '已保存为第 1 版，重启服务后生效');
        await page.keyboard.press('Escape');
        await expectText(fujian, '待重启生效');
        await shot(page, 'admin-04-rounds');
      },
    );

    await check('the catalogue shows a guide’s links and scenarios', async () => {
      await page.getByRole('tab', { name: '政策目录' }).click();
      const guides = page.locator('[data-test=catalogue-guides]');
      await expectText(guides, '智能制造典型场景参考指引');
      await guides.getByRole('button', { name: '查看场景' }).first().click();
      const links = page.locator('[data-test=guide-links]');
      await links.getByText('1. 工厂建设').click();
      await expectText(links, '工厂数字化设计与交付');
      await shot(page, 'admin-05-catalogue');
      await page.keyboard.press('Escape');
    });

    await check('the region tree opens a province to its cities', async () => {
      await page.getByRole('tab', { name: '地区' }).click();
      const tree = page.locator('[data-test=region-tree]');
      await tree.getByText('福建省').click();
      await expectText(tree, '福州市');
      await shot(page, 'admin-06-regions');
    });
  },
);
