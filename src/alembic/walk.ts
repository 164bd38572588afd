/** The start and everything reachable from it through `next` (iterative: histories are long chains). */
export function reachable(start: string, next: (id: string) => readonly string[]): Set<string> {
  const seen = new Set<string>();
  const todo = [start];
  while (todo.length > 0) {
    const cur = todo.pop()!;
    if (seen.has(cur)) continue;
    seen.add(cur);
    for (const n of next(cur)) todo.push(n);
  }
  return seen;
}
