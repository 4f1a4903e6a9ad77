/** One parent -> component edge of a bill of materials (any version). */
export type BomEdge = { parent: string; component: string };

/**
 * Finds a cycle among BOM edges, so a BOM that would make an item (indirectly) its own component can be refused
 * with the path named ("A -> B -> A").
 *
 * Deterministic: parents and their components are visited in sorted order, so the same edges (in any order) give
 * the same path. Returns the cycle as the items along it with the first repeated at the end, e.g. `['A', 'B', 'A']`
 * (a self-reference is `['A', 'A']`), or `null` when the graph is acyclic. Duplicate edges are harmless.
 * Iterative depth-first search: deep BOMs cannot overflow the stack.
 */
export function findCycle(edges: ReadonlyArray<BomEdge>): string[] | null {
  const children = new Map<string, string[]>();
  for (const { parent, component } of edges) {
    const list = children.get(parent);
    if (list) list.push(component);
    else children.set(parent, [component]);
  }
  for (const [parent, list] of children) children.set(parent, [...new Set(list)].sort());

  const DONE = 2;
  const ON_PATH = 1;
  const state = new Map<string, number>();
  for (const root of [...children.keys()].sort()) {
    if (state.has(root)) continue;
    // The current path and, per node on it, the index of the next child to visit.
    const path: string[] = [root];
    const next: number[] = [0];
    state.set(root, ON_PATH);
    for (let node = path.at(-1); node !== undefined; node = path.at(-1)) {
      const kids = children.get(node) ?? [];
      const i = next.at(-1) ?? 0;
      const child = kids[i];
      if (child === undefined) {
        state.set(node, DONE);
        path.pop();
        next.pop();
        continue;
      }
      next[next.length - 1] = i + 1;
      const seen = state.get(child);
      if (seen === ON_PATH) return [...path.slice(path.indexOf(child)), child];
      if (seen === undefined) {
        state.set(child, ON_PATH);
        path.push(child);
        next.push(0);
      }
    }
  }
  return null;
}

/** The cycle as people read it: "A -> B -> A". */
export function formatCycle(cycle: readonly string[]): string {
  return cycle.join(' -> ');
}
