import { inject, provide, type InjectionKey, type Ref } from 'vue';
import type { DeclarationDocument, Finding } from '@/api/declarations';
import type { FormTemplate } from '@/policy/types';

/** What every field of the declaration form shares: the document, its template, the findings. */
export interface FormContext {
  doc: Ref<DeclarationDocument>;
  form: FormTemplate;
  readonly: Ref<boolean>;
  findings: Ref<Finding[]>;
  /** Records that the value at a path changed (schedules the autosave). */
  touch: (path: string) => void;
  /** The round's upload limit per file in MiB (the editor knows the round; read views need none). */
  maxFileMb?: () => number | undefined;
}

const key: InjectionKey<FormContext> = Symbol('declaration-form');

export function provideFormContext(ctx: FormContext): void {
  provide(key, ctx);
}

export function useFormContext(): FormContext {
  const ctx = inject(key);
  if (!ctx) throw new Error('declaration form context missing');
  return ctx;
}
