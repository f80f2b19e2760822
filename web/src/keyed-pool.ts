// SVG elements kept by key across frames: `take` reuses (or creates) the element for a key, `sweep` removes the
// ones not taken since the previous sweep. The DOM then holds exactly what the last frame drew.

export class KeyedPool<T extends Element> {
  private readonly items = new Map<string, T>();
  private readonly taken = new Set<string>();

  constructor(
    private readonly parent: Element,
    private readonly create: (key: string) => T,
  ) {}

  take(key: string): T {
    let el = this.items.get(key);
    if (!el) {
      el = this.create(key);
      this.parent.appendChild(el);
      this.items.set(key, el);
    }
    this.taken.add(key);
    return el;
  }

  sweep(): void {
    for (const [key, el] of this.items) {
      if (!this.taken.has(key)) {
        el.remove();
        this.items.delete(key);
      }
    }
    this.taken.clear();
  }

  get size(): number {
    return this.items.size;
  }
}
