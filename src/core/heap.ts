/**
 * A binary heap: `pop` gives the item `before` puts first. Items that went stale are the caller's
 * to skip (lazy invalidation): removing from the middle of a heap costs more than popping past them.
 */
export class Heap<T> {
  private readonly items: T[] = [];

  constructor(private readonly before: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  push(item: T): void {
    const a = this.items;
    let i = a.push(item) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(item, a[parent])) break;
      a[i] = a[parent];
      i = parent;
    }
    a[i] = item;
  }

  pop(): T | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length === 0 || last === undefined) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= a.length) break;
      const right = left + 1;
      const child = right < a.length && this.before(a[right], a[left]) ? right : left;
      if (!this.before(a[child], last)) break;
      a[i] = a[child];
      i = child;
    }
    a[i] = last;
    return top;
  }
}
