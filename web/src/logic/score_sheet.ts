// An expert's score sheet: each criterion scored in steps of 0.5 from 0 to its maximum; the total
// is the sum. The server checks the same rules (422 SCORE_SHEET_INVALID); checking here shows the
// problem next to the item before saving.

export interface SheetCriterion {
  id: string;
  name: string;
  max: number;
}

export type Scores = Record<string, number | null | undefined>;

/** Whether a score is a multiple of 0.5 (allowing for floating point noise). */
export function onHalfStep(points: number): boolean {
  return Math.abs(points * 2 - Math.round(points * 2)) < 1e-9;
}

/** Why one criterion's score is not acceptable, or '' when it is. */
export function scoreProblem(c: SheetCriterion, points: number | null | undefined): string {
  if (points === null || points === undefined || Number.isNaN(points)) return '未评分';
  if (points < 0) return '不能为负数';
  if (points > c.max + 1e-9) return `不能超过本项满分 ${c.max} 分`;
  if (!onHalfStep(points)) return '须为 0.5 分的整数倍';
  return '';
}

/** The sum of the scores given so far (unscored items count 0), rounded to 0.5 steps' precision. */
export function sheetTotal(criteria: readonly SheetCriterion[], scores: Scores): number {
  let sum = 0;
  for (const c of criteria) {
    const v = scores[c.id];
    if (typeof v === 'number' && !Number.isNaN(v)) sum += v;
  }
  return Math.round(sum * 100) / 100;
}

/** The sum of the maxima. */
export function sheetMax(criteria: readonly SheetCriterion[]): number {
  return Math.round(criteria.reduce((s, c) => s + c.max, 0) * 100) / 100;
}

/** Every problem of the sheet as "criterion: reason"; empty when it can be saved. */
export function sheetProblems(criteria: readonly SheetCriterion[], scores: Scores): string[] {
  const out: string[] = [];
  for (const c of criteria) {
    const p = scoreProblem(c, scores[c.id]);
    if (p) out.push(`${c.name}：${p}`);
  }
  return out;
}

/** The scores to send: every criterion with a number (call after sheetProblems is empty). */
export function sheetPayload(
  criteria: readonly SheetCriterion[],
  scores: Scores,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of criteria) out[c.id] = Number(scores[c.id] ?? 0);
  return out;
}
