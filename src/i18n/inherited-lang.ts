/**
 * The language an element is written in: the nearest non-empty `lang` on it or an ancestor,
 * continuing from a shadow root to its host, so that a form inside another component follows
 * that component's (or the page's) language.
 */
export function inheritedLang(element: Element): string | null {
  for (let node: Element | null = element; node; ) {
    const found = node.closest('[lang]:not([lang=""])');
    if (found) return found.getAttribute('lang');
    const root = node.getRootNode();
    node = root instanceof ShadowRoot ? root.host : null;
  }
  return null;
}
