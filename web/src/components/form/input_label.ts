// `v-input-label="text"` on an element around a composite control (el-cascader): names the text
// inputs inside it. An aria-label given to el-cascader itself lands on its wrapper <div>, where no
// assistive technology reads it, and a directive cannot sit on el-cascader (no single root).
import type { Directive } from 'vue';

function apply(el: HTMLElement, label: string | undefined) {
  for (const input of el.querySelectorAll('input')) {
    if (label) input.setAttribute('aria-label', label);
    else input.removeAttribute('aria-label');
  }
}

export const vInputLabel: Directive<HTMLElement, string | undefined> = {
  mounted: (el, binding) => apply(el, binding.value),
  updated: (el, binding) => apply(el, binding.value),
};
