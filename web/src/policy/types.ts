// Shapes of the policy data files (data/forms, data/catalogue) the editor reads; see docs/data.md.

/** One field of a form template, addressed by its path in the declaration. */
export interface FormField {
  path: string;
  label: string;
  required?: boolean;
  limit?: number;
  hint?: string;
  footnote?: number;
  platform?: boolean;
  choices?: string | string[];
  table?: string;
  checkboxes?: string;
  pledge?: boolean;
}

export interface ScenarioGroup {
  domain: string | null;
  heading: string;
}

/** A section of the form; sections nest one level (一、 → （一）). */
export interface FormSection {
  id: string;
  heading: string;
  hint?: string;
  fields?: FormField[];
  sections?: FormSection[];
  attachments?: boolean;
  scenario_groups?: ScenarioGroup[];
  tables?: string[];
}

export interface ScenarioItem {
  key: string;
  number: number;
  label: string;
  limit?: number;
  required?: boolean;
  images?: boolean;
  hint?: string;
}

export interface TableColumn {
  key: string;
  label: string;
  required?: boolean;
  limit?: number;
  choices?: string[];
}

export interface FormTable {
  id: string;
  title: string;
  required?: boolean;
  columns: TableColumn[];
}

export interface AttachmentKind {
  kind: string;
  name: string;
  required?: boolean;
}

export interface TitleKind {
  id: string;
  name: string;
}

export interface FormTemplate {
  kind: 'form_template';
  id: string;
  title: string;
  document?: string;
  issuer?: string;
  coarse_industries?: string;
  title_kinds?: TitleKind[];
  cover: FormField[];
  sections: FormSection[];
  scenario_heading?: string;
  scenario_info?: FormField[];
  scenario_items?: ScenarioItem[];
  tables?: FormTable[];
  attachments?: AttachmentKind[];
  pledge_text?: string;
  footnotes?: { number: number; text: string }[];
  financial_columns?: string[];
}

export interface KpiIndicator {
  number: number;
  category: number;
  name: string;
  unit: string;
  direction: 'increase' | 'reduce';
  bounds: [number | null, number | null];
  integer?: boolean;
}

export interface KpiReference {
  kind: 'kpi_reference';
  edition: string;
  title: string;
  clause: string;
  change_tolerance: number;
  categories: { number: number; names: Record<string, string> }[];
  indicators: KpiIndicator[];
}

export interface GuideScenario {
  number: number;
  name: string;
  description?: string;
  aliases?: string[];
}

export interface GuideLink {
  number: number;
  name: string;
  domain: string | null;
  scenarios: GuideScenario[];
}

export interface ScenarioGuide {
  kind: 'scenario_guide';
  edition: string;
  title: string;
  links: GuideLink[];
}

export interface CoarseIndustryList {
  id: string;
  title: string;
  other_allowed?: boolean;
  items: string[];
}

/** A node of the declaration's JSON Schema (docs/declaration.schema.json). */
export interface SchemaNode {
  type?: string | string[];
  description?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  enum?: unknown[];
}

/** A tier of the 要素条件 (基础级 … 领航级), by rank. */
export interface TierRef {
  id: string;
  name: string;
  rank: number;
}

export interface PolicyBundle {
  forms: FormTemplate[];
  kpis: KpiReference[];
  guides: ScenarioGuide[];
  requirements: { edition: string; tiers: TierRef[] }[];
  coarseIndustries: { lists: CoarseIndustryList[] };
  schema: SchemaNode;
}
