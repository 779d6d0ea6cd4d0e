import { api } from './client';

export interface Tally {
  key: string;
  name: string;
  count: number;
}

export interface RoundStatistics {
  round: { id: string; name: string };
  region: { code: string; name: string };
  total: number;
  by_state: Tally[];
  by_level: Tally[];
  by_region: Tally[];
  by_industry: Tally[];
  scenarios: { link: string; scenario: string; count: number }[];
  scenarios_by_region: { region: string; link: string; scenario: string; count: number }[];
  kpis: {
    number: number;
    industry: string;
    n: number;
    mean: number;
    stddev: number;
    min: number;
    max: number;
  }[];
}

export interface MaturityFigures {
  enterprises: number;
  above_scale: number;
  assessed: number;
  assessed_above_scale: number;
  penetrated: number;
  levels: number[];
  basic_confirmed: number;
  mean_score: number | null;
  coverage_percent: number | null;
  penetration_percent: number | null;
}

export interface MaturityReport {
  region: { code: string; name: string };
  date: string;
  total: MaturityFigures;
  by_subregion: { key: string; name: string; figures: MaturityFigures }[];
  by_industry: { key: string; name: string; figures: MaturityFigures }[];
  over_time: { date: string; figures: MaturityFigures }[];
  self_evaluations: { submitted: number; confirmed: number; returned: number; pending: number };
  document: string;
}

export const statisticsApi = {
  round: (roundId: string, region?: string) =>
    api.get<RoundStatistics>(`/rounds/${encodeURIComponent(roundId)}/statistics`, { region }),
  maturity: (region: string, date?: string) =>
    api.get<MaturityReport>(`/regions/${encodeURIComponent(region)}/maturity`, { date }),
};
