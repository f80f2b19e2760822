// A DOM element showing one live value: its text and attributes are written only when they change.

export class TextSlot {
  private text = "";
  private readonly attrs = new Map<string, string>();

  constructor(readonly el: HTMLElement) {
    this.text = el.textContent ?? "";
  }

  set(text: string, attrs?: Record<string, string>): void {
    if (text !== this.text) {
      this.el.textContent = text;
      this.text = text;
    }
    if (attrs) {
      for (const k in attrs) {
        const v = attrs[k] as string;
        if (this.attrs.get(k) !== v) {
          this.el.setAttribute(k, v);
          this.attrs.set(k, v);
        }
      }
    }
  }
}

/** The element with data-testid=`id` under `root`; throws when the page lacks it (a build mistake). */
export function byTestId<T extends Element = HTMLElement>(root: ParentNode, id: string): T {
  const el = root.querySelector(`[data-testid="${id}"]`);
  if (!el) throw new Error(`dashboard: missing element data-testid=${id}`);
  return el as T;
}
