// Small DOM builders. Text goes in as text nodes, never as markup, and no element gets a
// `style` attribute: the CSP forbids inline styles, so sizes that must be computed are set
// through the CSSOM (element.style), which the CSP allows.

type AttrValue = string | number | boolean | undefined | null;
export type Attrs = Record<string, AttrValue>;
export type Child = Node | string | number | null | undefined | false;

function setAttrs(node: Element, attrs: Attrs): void {
  for (const [name, value] of Object.entries(attrs)) {
    if (name === 'style' || name.startsWith('on'))
      throw new Error(`inline ${name} is not allowed under the panel's CSP`);
    if (value === undefined || value === null || value === false) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
}

function append(node: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.appendChild(
      typeof child === 'string' || typeof child === 'number'
        ? document.createTextNode(String(child))
        : child,
    );
  }
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function s<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG_NS, tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

export function clear(node: Element): void {
  while (node.firstChild) node.removeChild(node.firstChild);
}

/** A value from the theme (a CSS custom property on the root), or undefined when unset. */
export function themeVar(name: string): string | undefined {
  const value =
    getComputedStyle(document.documentElement).getPropertyValue(name).trim() ||
    getComputedStyle(document.body).getPropertyValue(name).trim();
  return value || undefined;
}
