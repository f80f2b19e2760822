// A bounded history: fixed-capacity columns of numbers (Float64Array) where the newest row overwrites the oldest,
// so the dashboard's memory stays flat however long it runs.

export class RingSeries<K extends string> {
  readonly capacity: number;
  private readonly cols: Record<K, Float64Array>;
  private head = 0;
  private count = 0;

  constructor(names: readonly K[], capacity: number) {
    this.capacity = capacity;
    const cols = {} as Record<K, Float64Array>;
    for (const n of names) cols[n] = new Float64Array(capacity);
    this.cols = cols;
  }

  get length(): number {
    return this.count;
  }

  /** Appends one row; columns not given are NaN. */
  push(row: Partial<Record<K, number>>): void {
    const i = this.head;
    for (const name in this.cols) {
      const v = row[name];
      this.cols[name][i] = v === undefined ? Number.NaN : v;
    }
    this.head = (i + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
  }

  /** Value of column `name` in row `k`, k = 0 the oldest kept. */
  at(name: K, k: number): number {
    const i = (this.head - this.count + k + this.capacity) % this.capacity;
    return this.cols[name][i] as number;
  }

  /** Value of column `name` in the newest row, NaN when empty. */
  last(name: K): number {
    return this.count === 0 ? Number.NaN : this.at(name, this.count - 1);
  }

  clear(): void {
    this.head = 0;
    this.count = 0;
  }
}
