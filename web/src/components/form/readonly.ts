// A declaration shown read-only by its round's form (the reviewer's and the expert's read views):
// the declaration, its round and form template, the form context for DeclarationForm, and the
// loading of all three.
import { computed, ref, type Ref } from 'vue';
import {
  declarationsApi,
  type Declaration,
  type DeclarationDocument,
  type Finding,
} from '@/api/declarations';
import { roundsApi, type Round } from '@/api/rounds';
import { provideFormContext } from '@/components/form/context';
import { formTemplate } from '@/policy';
import type { FormTemplate } from '@/policy/types';

export function useReadOnlyDeclaration(findings: Ref<Finding[]>) {
  const declaration = ref<Declaration | null>(null);
  const round = ref<Round | null>(null);
  const form = ref<FormTemplate | null>(null);
  const doc = ref<DeclarationDocument>({});
  provideFormContext({
    doc,
    get form() {
      return form.value as FormTemplate;
    },
    readonly: computed(() => true),
    findings,
    touch: () => undefined,
  });
  /** Loads the declaration, its round and its form; the declaration. */
  async function fetchDeclaration(id: string): Promise<Declaration> {
    const d = await declarationsApi.get(id);
    declaration.value = d;
    doc.value = d.document;
    round.value = await roundsApi.get(d.round);
    form.value = formTemplate(round.value.form.id) ?? null;
    return d;
  }
  return { declaration, round, form, doc, fetchDeclaration };
}
