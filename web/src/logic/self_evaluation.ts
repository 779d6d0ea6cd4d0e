// The basic-tier self-evaluation form: answers kept per condition, the payload sent, what a
// required condition still lacks, and the server's reasons placed beside their conditions.
import type { SelfAnswer, SelfCondition } from '@/api/self_evaluations';

/** An answer while it is being filled: `met` is null until the enterprise chooses. */
export interface DraftAnswer {
  met: boolean | null;
  evidence: string;
}

export type Gap = 'unchosen' | 'not_met' | 'no_evidence';

/** Empty answers for each condition, or the answers of an earlier filing (to fix and resend). */
export function draftAnswers(
  conditions: SelfCondition[],
  previous: SelfAnswer[] = [],
): Record<string, DraftAnswer> {
  const out: Record<string, DraftAnswer> = {};
  for (const c of conditions) {
    const p = previous.find((a) => a.id === c.id);
    out[c.id] = p ? { met: p.met, evidence: p.evidence } : { met: null, evidence: '' };
  }
  return out;
}

/** The answers as the server takes them: every condition, unchosen ones as not met. */
export function answersPayload(
  conditions: SelfCondition[],
  answers: Record<string, DraftAnswer>,
): SelfAnswer[] {
  return conditions.map((c) => {
    const a = answers[c.id];
    return { id: c.id, met: a?.met === true, evidence: (a?.evidence ?? '').trim() };
  });
}

/** What a required condition still lacks (null when it is met and explained, or optional). */
export function gapOf(c: SelfCondition, a: DraftAnswer | undefined): Gap | null {
  if (!c.required) return null;
  if (!a || a.met === null) return 'unchosen';
  if (!a.met) return 'not_met';
  return a.evidence.trim() ? null : 'no_evidence';
}

/** The required conditions not yet met with an explanation, in the form's order. */
export function unanswered(
  conditions: SelfCondition[],
  answers: Record<string, DraftAnswer>,
): { id: string; gap: Gap }[] {
  const out: { id: string; gap: Gap }[] = [];
  for (const c of conditions) {
    const gap = gapOf(c, answers[c.id]);
    if (gap) out.push({ id: c.id, gap });
  }
  return out;
}

/**
 * The server's reasons (`details.reasons` of 422 SELF_EVALUATION_INVALID) by the condition they
 * name (the server quotes the condition's text or id); the rest (e.g. the factory's name) apart.
 */
export function reasonsByCondition(
  conditions: SelfCondition[],
  reasons: string[],
): { byCondition: Record<string, string[]>; other: string[] } {
  const byCondition: Record<string, string[]> = {};
  const other: string[] = [];
  for (const r of reasons) {
    const c = conditions.find((x) => r.includes(x.text) || r.includes(`“${x.id}”`));
    if (c) (byCondition[c.id] ??= []).push(r);
    else other.push(r);
  }
  return { byCondition, other };
}

/** The reasons list of an error's details, when it has one. */
export function reasonsOf(details: Record<string, unknown>): string[] {
  const r = details.reasons;
  return Array.isArray(r) ? r.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * A short name for a condition, used in its fields' labels: "基础要求第2条" from its clause, or
 * "建设内容·生产作业" for a 环节's construction content; else its place in the list.
 */
export function conditionName(c: SelfCondition, index: number): string {
  if (c.id.startsWith('content:')) return `建设内容·${c.id.slice('content:'.length)}`;
  const n = /第\s*(\d+)\s*条/.exec(c.clause)?.[1];
  if (c.id.startsWith('requirement:') && n) return `基础要求第${n}条`;
  return `第${index + 1}项条件`;
}
