// Lookups into the policy data bundled at build time (see vite.config.ts, `virtual:tidu-policy`).
import policy from 'virtual:tidu-policy';
import { parsePath } from '@/logic/doc_path';
import type {
  FormTemplate,
  GuideLink,
  KpiIndicator,
  KpiReference,
  ScenarioGuide,
  SchemaNode,
  TierRef,
} from './types';

export type { FormTemplate } from './types';

export function formTemplate(id: string): FormTemplate | undefined {
  return policy.forms.find((f) => f.id === id);
}

export function kpiReference(edition = '2024'): KpiReference | undefined {
  return policy.kpis.find((k) => k.edition === edition) ?? policy.kpis[0];
}

export function kpiIndicator(number: number, edition = '2024'): KpiIndicator | undefined {
  return kpiReference(edition)?.indicators.find((i) => i.number === number);
}

export function scenarioGuide(edition = '2024'): ScenarioGuide | undefined {
  return policy.guides.find((g) => g.edition === edition) ?? policy.guides[0];
}

/** The guide link of a link name (aliases are not needed: links have one name). */
export function guideLink(name: string, edition = '2024'): GuideLink | undefined {
  return scenarioGuide(edition)?.links.find((l) => l.name === name);
}

/** The guide's description of a scenario (named by its name or an alias) in a link. */
export function scenarioDescription(link: string, scenario: string, edition = '2024'): string {
  const s = guideLink(link, edition)?.scenarios.find(
    (x) => x.name === scenario || (x.aliases ?? []).includes(scenario),
  );
  return s?.description ?? '';
}

/** The tiers of a 要素条件 edition, lowest first. */
export function tiers(edition = '2024'): TierRef[] {
  const r = policy.requirements.find((x) => x.edition === edition) ?? policy.requirements[0];
  return [...(r?.tiers ?? [])].sort((a, b) => a.rank - b.rank);
}

export function coarseIndustries(id: string | undefined): string[] {
  if (!id) return [];
  return policy.coarseIndustries.lists.find((l) => l.id === id)?.items ?? [];
}

/** The schema node at a document path (array indexes step into `items`). */
export function schemaAt(path: string): SchemaNode | undefined {
  let node: SchemaNode | undefined = policy.schema;
  for (const part of parsePath(path)) {
    if (!node) return undefined;
    node = typeof part === 'number' ? node.items : node.properties?.[part];
  }
  return node;
}

export type ValueType =
  'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object' | 'unknown';

/** The value type a path holds, from the declaration's JSON Schema (null aside). */
export function valueType(path: string): ValueType {
  const t = schemaAt(path)?.type;
  const types = (Array.isArray(t) ? t : t ? [t] : []).filter((x) => x !== 'null');
  const first = types[0];
  switch (first) {
    case 'string':
    case 'number':
    case 'integer':
    case 'boolean':
    case 'array':
    case 'object':
      return first;
    default:
      return 'unknown';
  }
}

/** The schema's Chinese description of a path, used for table column headings. */
export function describe(path: string): string {
  return schemaAt(path)?.description ?? '';
}
