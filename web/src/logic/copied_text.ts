// How a copied-text pair reads from one declaration: which side is this declaration's, the
// similarity as a percentage and each side's field name.
import type { MatchSide, TextMatch } from '@/api/copied_text';

/** The side of `match` that is declaration `id`, and the other side. */
export function sidesOf(match: TextMatch, id: string): { mine: MatchSide; theirs: MatchSide } {
  return match.a.declaration_id === id
    ? { mine: match.a, theirs: match.b }
    : { mine: match.b, theirs: match.a };
}

/** 0.923 → "92%" (rounded down, so 99.6 % of a changed text is not shown as 100 %). */
export function similarityPercent(similarity: number): string {
  return `${Math.floor(Math.min(Math.max(similarity, 0), 1) * 100)}%`;
}

/** The field as the form names it, with the part of a long field: "采用的技术方案（第 2 段）". */
export function fieldName(side: MatchSide): string {
  return side.part > 0 ? `${side.label}（第 ${side.part + 1} 段）` : side.label;
}

/** Who wrote the other side: the enterprise, or its region when it is outside the reader's. */
export function otherParty(side: MatchSide): string {
  return side.visible ? side.enterprise_name : `${side.region_name}的企业`;
}
