// Basic-tier self-evaluation (自建自评): the conditions of a 要素条件 edition, an enterprise's
// filings and its county's decisions (docs/api.md, "Registry and basic-tier self-evaluation").
import { api } from './client';

/** One basic-tier condition; `required` ones must be met and explained. */
export interface SelfCondition {
  id: string;
  text: string;
  required: boolean;
  clause: string;
}

export interface SelfAnswer {
  id: string;
  met: boolean;
  evidence: string;
}

export type SelfEvaluationState = 'submitted' | 'confirmed' | 'returned';

export interface SelfEvaluation {
  id: string;
  enterprise_id: string;
  enterprise_name: string;
  region: string;
  factory_name: string;
  edition: string;
  answers: SelfAnswer[];
  state: SelfEvaluationState;
  submitted_at: string;
  decided_at: string;
  opinion: string;
}

export interface SelfEvaluationInput {
  factory_name: string;
  edition: string;
  answers: SelfAnswer[];
}

/** A 要素条件 edition a self-evaluation can be filed against. */
export interface SelfEdition {
  edition: string;
  title: string;
  document: string;
}

export const selfEvaluationsApi = {
  /** The editions, newest first; the first is the default. */
  editions: async () =>
    (await api.get<{ items: SelfEdition[] }>('/self-evaluation/editions')).items,
  /** The conditions of `edition` (the newest when empty). */
  conditions: async (edition = '') =>
    (await api.get<{ items: SelfCondition[] }>('/self-evaluation/conditions', { edition })).items,
  list: async (state = '') =>
    (await api.get<{ items: SelfEvaluation[] }>('/self-evaluations', { state })).items,
  file: (enterpriseId: string, input: SelfEvaluationInput) =>
    api.post<SelfEvaluation>(
      `/enterprises/${encodeURIComponent(enterpriseId)}/self-evaluations`,
      input,
    ),
  decide: (id: string, decision: 'confirm' | 'return', opinion: string) =>
    api.post<SelfEvaluation>(`/self-evaluations/${encodeURIComponent(id)}/${decision}`, {
      opinion,
    }),
};
