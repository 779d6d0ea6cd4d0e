// The copied-text check (docs/copied-text.md): passages a declaration shares with other
// enterprises' declarations in its round, for reviewers.
import { api } from './client';

/** One side of a pair; outside the reader's region it is not named (`visible` false). */
export interface MatchSide {
  declaration_id: string | null;
  enterprise_name: string;
  region: string;
  region_name: string;
  field: string;
  label: string;
  part: number;
  visible: boolean;
}

export interface TextMatch {
  similarity: number;
  shared: string;
  a: MatchSide;
  b: MatchSide;
  found_at: string;
}

export interface MatchPage {
  matches: TextMatch[];
  total: number;
  /** Submissions whose check still waits (it runs shortly after each submission). */
  pending: number;
}

export const copiedTextApi = {
  forDeclaration: (id: string) =>
    api.get<MatchPage>(`/declarations/${encodeURIComponent(id)}/copied-text`),
  forRound: (round: string, query: { region?: string; page?: number; page_size?: number } = {}) =>
    api.get<MatchPage>(`/rounds/${encodeURIComponent(round)}/copied-text`, query),
};
