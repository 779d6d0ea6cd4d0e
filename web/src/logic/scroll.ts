import { ancestors, fieldDomId } from './doc_path';

/** Scrolls to the element that edits a path (or its nearest rendered ancestor) and flashes it. */
export function scrollToPath(path: string, root: Document = document): boolean {
  for (const p of ancestors(path)) {
    const el = root.getElementById(fieldDomId(p));
    if (!el) continue;
    el.scrollIntoView({ behavior: 'smooth', block: 'center' });
    el.classList.remove('hl-target');
    void el.offsetWidth;
    el.classList.add('hl-target');
    const input = el.querySelector<HTMLElement>('input, textarea');
    input?.focus({ preventScroll: true });
    return true;
  }
  return false;
}
