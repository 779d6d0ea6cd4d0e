// The administrator's forms: what a new account lacks before it is sent (the server checks the
// same and more), and where a fault's line starts in a round definition's text.
import type { NewAccount } from '@/api/admin';

/** Roles bound to a review level and an authority. */
export const levelRoles = ['reviewer', 'co_department'];

/** The problems of a new account, in Chinese; empty when it may be sent. */
export function accountProblems(a: NewAccount): string[] {
  const out: string[] = [];
  if (!/^[A-Za-z0-9_.@-]{3,64}$/.test(a.username))
    out.push('用户名应为 3–64 个字符，只能包含英文字母、数字和 _ - . @');
  if (!a.display_name.trim()) out.push('请填写显示名称');
  if (!a.role) out.push('请选择角色');
  if (a.role === 'enterprise') out.push('企业账号由企业自行注册');
  if (levelRoles.includes(a.role)) {
    if (!a.level) out.push('审核员和联合推荐部门须选择审核层级');
    if (!a.authority.trim()) out.push('请填写所属部门（如 工信、发改）');
  }
  if (!/^\d{6}(\d{3})?$/.test(a.region)) out.push('请选择所属地区');
  out.push(...passwordProblems(a.password, a.username));
  return out;
}

/** The password rules the server applies (security/password.cpp), as hints before sending. */
export function passwordProblems(password: string, username: string): string[] {
  const out: string[] = [];
  if ([...password].length < 10) out.push('密码至少 10 个字符');
  const kinds = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  if (kinds < 3) out.push('密码须包含大写字母、小写字母、数字、符号中的至少三类');
  if (username && password.toLowerCase().includes(username.toLowerCase()))
    out.push('密码不能包含用户名');
  return out;
}

/** The offset of the first character of line `line` (1-based) in `text`; the end when beyond. */
export function lineStart(text: string, line: number): number {
  let at = 0;
  for (let n = 1; n < line; n++) {
    const next = text.indexOf('\n', at);
    if (next < 0) return text.length;
    at = next + 1;
  }
  return at;
}

/** "第 26 行 window.closes：…" for a fault. */
export function describeFault(f: { line: number; path: string; message: string }): string {
  const where = [f.line > 0 ? `第 ${f.line} 行` : '', f.path].filter(Boolean).join(' ');
  return where ? `${where}：${f.message}` : f.message;
}
