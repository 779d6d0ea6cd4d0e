// Choice lists the form templates name (`choices: ownership` …) with their Chinese labels.
import { coarseIndustries, tiers } from './index';
import type { FormField, FormTemplate } from './types';

export interface ChoiceOption {
  value: string | number;
  label: string;
}

const named: Record<string, ChoiceOption[]> = {
  ownership: [
    { value: 'central_soe', label: '中央企业' },
    { value: 'local_soe', label: '地方国企' },
    { value: 'private', label: '民营' },
    { value: 'foreign_invested', label: '三资' },
  ],
  size_class: [
    { value: 'large', label: '大型' },
    { value: 'medium', label: '中型' },
    { value: 'small', label: '小型' },
    { value: 'micro', label: '微型' },
  ],
  factory_level: ['产线级', '车间级', '工厂级'].map((v) => ({ value: v, label: v })),
  maturity_level: [1, 2, 3, 4, 5].map((v) => ({ value: v, label: `${v} 级` })),
};

/** How a recognition was obtained (the declaration format's `recognitions[].kind`). */
export const recognitionKinds: ChoiceOption[] = [
  { value: 'self_evaluation', label: '自建自评' },
  { value: 'recognised', label: '认定' },
];

/** The tiers a recognition can name, lowest first. */
export function tierChoices(): ChoiceOption[] {
  return tiers().map((t) => ({ value: t.id, label: t.name }));
}

/** The options of a field, or null when it is free input. */
export function fieldChoices(field: FormField, form: FormTemplate): ChoiceOption[] | null {
  if (field.path === 'enterprise.maturity.level') return named.maturity_level ?? null;
  const c = field.choices;
  if (!c) return null;
  if (Array.isArray(c)) return c.map((v) => ({ value: v, label: v }));
  if (c === 'coarse_industries') {
    return coarseIndustries(form.coarse_industries).map((v) => ({ value: v, label: v }));
  }
  return named[c] ?? null;
}
