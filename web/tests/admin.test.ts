import { describe, expect, it } from 'vitest';
import { accountProblems, describeFault, lineStart, passwordProblems } from '@/logic/admin';
import { menuFor } from '@/router/menu';

const good = {
  username: 'fz.city.review',
  password: 'Fuzhou-Review-2026',
  role: 'reviewer',
  level: 'city',
  region: '350100',
  authority: '工信',
  display_name: '福州市工信局审核员',
};

describe('accountProblems', () => {
  it('accepts a complete reviewer account', () => {
    expect(accountProblems(good)).toEqual([]);
  });
  it('asks a reviewer for its level and authority, but not an expert', () => {
    const p = accountProblems({ ...good, level: '', authority: ' ' });
    expect(p).toContain('审核员和联合推荐部门须选择审核层级');
    expect(p).toContain('请填写所属部门（如 工信、发改）');
    expect(accountProblems({ ...good, role: 'expert', level: '', authority: '' })).toEqual([]);
  });
  it('refuses enterprise accounts, odd user names and a missing region', () => {
    expect(accountProblems({ ...good, role: 'enterprise' })).toContain('企业账号由企业自行注册');
    expect(accountProblems({ ...good, username: '张三' })[0]).toMatch(/^用户名/);
    expect(accountProblems({ ...good, region: '' })).toContain('请选择所属地区');
  });
});

describe('passwordProblems', () => {
  it('follows the server: ten characters, three kinds, not the user name', () => {
    expect(passwordProblems('Short-1', 'x')).toContain('密码至少 10 个字符');
    expect(passwordProblems('alllowercase1', 'x')).toContain(
      '密码须包含大写字母、小写字母、数字、符号中的至少三类',
    );
    expect(passwordProblems('My-Fz.City.Review-9', 'fz.city.review')).toContain(
      '密码不能包含用户名',
    );
    expect(passwordProblems('Fuzhou-Review-2026', 'fz.city.review')).toEqual([]);
  });
});

describe('lineStart', () => {
  const text = 'id: a\nname: b\nwindow:\n  closes: x\n';
  it('finds where a line begins', () => {
    expect(lineStart(text, 1)).toBe(0);
    expect(lineStart(text, 2)).toBe(6);
    expect(text.slice(lineStart(text, 4))).toBe('  closes: x\n');
  });
  it('stops at the end beyond the last line', () => {
    expect(lineStart('a\nb', 9)).toBe(3);
  });
});

describe('describeFault', () => {
  it('names the line and path', () => {
    expect(describeFault({ line: 26, path: 'window.closes', message: '日期无效' })).toBe(
      '第 26 行 window.closes：日期无效',
    );
    expect(describeFault({ line: 0, path: '', message: 'YAML 语法错误' })).toBe('YAML 语法错误');
  });
});

describe('the administrator’s menu', () => {
  it('has the administration page', () => {
    expect(menuFor('admin').map((m) => m.path)).toContain('/admin');
    expect(menuFor('reviewer', 'province').map((m) => m.path)).not.toContain('/admin');
  });
});
