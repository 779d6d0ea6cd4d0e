import { zhCN } from './zh-CN';

/** The active message catalogue (only 简体中文 today). */
export const msg = zhCN;

/** Fills `{name}` placeholders; an unknown placeholder stays as written so it is noticed. */
export function format(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in params ? String(params[key]) : whole,
  );
}

/** A label from a lookup table (state, role, level names), falling back to the raw id. */
export function label(table: Record<string, string>, id: string | null | undefined): string {
  if (!id) return '';
  return table[id] ?? id;
}
