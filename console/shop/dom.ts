type Child = Node | string | number | null | undefined | false;

/** Builds DOM without innerHTML, so product names from the catalog are never parsed as markup. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | boolean | ((e: Event) => void)> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (typeof v === 'function') node.addEventListener(k.replace(/^on/, '').toLowerCase(), v);
    else if (v === true) node.setAttribute(k, '');
    else if (v !== false) node.setAttribute(k, v);
  }
  for (const c of children)
    if (c !== null && c !== undefined && c !== false) node.append(typeof c === 'number' ? String(c) : c);
  return node;
}

export const $ = (id: string) => document.getElementById(id)!;

export const euro = (v: number, currency = 'EUR') =>
  new Intl.NumberFormat('en-GB', { style: 'currency', currency }).format(v);

/** Loads a view starts after it is built (blocks, stock); the view is marked ready once they settle. */
const pending: Promise<unknown>[] = [];
export function later<T>(p: Promise<T>): Promise<T> {
  pending.push(p);
  return p;
}
/** Takes the loads started since the last call. */
export const takePending = (): Promise<unknown>[] => pending.splice(0);
