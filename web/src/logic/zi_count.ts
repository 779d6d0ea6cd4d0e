// 字 counting exactly as the server counts (src/core/text.cpp, docs/declaration.md "Counting 字"):
// each CJK character or full-width punctuation mark is 1, each run of other non-space characters
// (a Latin word, a number such as 12.5%) is 1, white space counts 0.

function isSpace(cp: number): boolean {
  return (
    cp === 0x20 ||
    (cp >= 0x09 && cp <= 0x0d) ||
    cp === 0x3000 ||
    cp === 0x00a0 ||
    (cp >= 0x2000 && cp <= 0x200b) ||
    cp === 0xfeff
  );
}

/** Characters that count as one 字 each (CJK, full-width forms, Chinese quotation marks, — … ·). */
export function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303f) ||
    (cp >= 0x3040 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa960 && cp <= 0xa97f) ||
    (cp >= 0xac00 && cp <= 0xd7af) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff01 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd) ||
    (cp >= 0x2018 && cp <= 0x201f) ||
    cp === 0x2014 ||
    cp === 0x2026 ||
    cp === 0x00b7
  );
}

/** The 字 count of a text as office suites (and the server's limit check) count it. */
export function countZi(text: string | null | undefined): number {
  if (!text) return 0;
  let count = 0;
  let inRun = false;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (isSpace(cp)) {
      inRun = false;
    } else if (isWide(cp)) {
      inRun = false;
      count += 1;
    } else if (!inRun) {
      inRun = true;
      count += 1;
    }
  }
  return count;
}

export type CounterState = 'ok' | 'near' | 'over';

export interface CounterStatus {
  count: number;
  limit: number | null;
  /** 字 beyond the limit (0 within it). */
  over: number;
  state: CounterState;
}

/** Share of the limit from which the counter turns amber. */
export const kNearShare = 0.9;

/** A text's count against its limit; without a limit it is always `ok`. */
export function counterStatus(
  text: string | null | undefined,
  limit?: number | null,
): CounterStatus {
  const count = countZi(text);
  if (limit === undefined || limit === null || limit <= 0) {
    return { count, limit: null, over: 0, state: 'ok' };
  }
  const over = Math.max(0, count - limit);
  const state: CounterState =
    over > 0 ? 'over' : count >= Math.ceil(limit * kNearShare) ? 'near' : 'ok';
  return { count, limit, over, state };
}
