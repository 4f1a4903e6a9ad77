import fc from 'fast-check';
import { findCycle, formatCycle } from './bom-cycle';

const e = (parent: string, component: string) => ({ parent, component });

describe('findCycle', () => {
  test('an acyclic BOM graph (diamond included) has none', () => {
    expect(findCycle([])).toBeNull();
    expect(findCycle([e('A', 'B'), e('A', 'C'), e('B', 'D'), e('C', 'D'), e('D', 'E')])).toBeNull();
  });

  test('a self-reference is a cycle of one', () => {
    expect(findCycle([e('A', 'A')])).toEqual(['A', 'A']);
  });

  test('returns the path of a two- and a three-item cycle', () => {
    expect(findCycle([e('A', 'B'), e('B', 'A')])).toEqual(['A', 'B', 'A']);
    expect(findCycle([e('X', 'A'), e('A', 'B'), e('B', 'C'), e('C', 'A')])).toEqual(['A', 'B', 'C', 'A']);
    expect(formatCycle(['A', 'B', 'A'])).toBe('A -> B -> A');
  });

  test('the same edges in another order give the same path', () => {
    const edges = [e('P', 'Q'), e('Q', 'R'), e('R', 'P'), e('A', 'B'), e('B', 'A'), e('A', 'C')];
    const first = findCycle(edges);
    expect(first).toEqual(['A', 'B', 'A']);
    expect(findCycle([...edges].reverse())).toEqual(first);
  });

  test('a deep chain does not overflow the stack', () => {
    const chain = Array.from({ length: 50_000 }, (_, i) => e(`I${i}`, `I${i + 1}`));
    expect(findCycle(chain)).toBeNull();
    expect(findCycle([...chain, e('I50000', 'I0')])).toHaveLength(50_002);
  });

  const nodes = fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F');
  const edgesArb = fc.array(fc.record({ parent: nodes, component: nodes }), { maxLength: 12 });

  test('a returned path is a real cycle of the graph, and any order of the edges gives the same answer', () => {
    fc.assert(
      fc.property(edgesArb, (edges) => {
        const cycle = findCycle(edges);
        const shuffled = [...edges].sort((a, b) => (a.component + a.parent).localeCompare(b.component + b.parent));
        expect(findCycle(shuffled)).toEqual(cycle);
        if (!cycle) return;
        expect(cycle[0]).toBe(cycle[cycle.length - 1]);
        for (let i = 0; i + 1 < cycle.length; i++) {
          expect(edges.some((x) => x.parent === cycle[i] && x.component === cycle[i + 1])).toBe(true);
        }
      }),
    );
  });

  test('null exactly when the graph has a topological order', () => {
    fc.assert(
      fc.property(edgesArb, (edges) => {
        // Kahn's algorithm as the independent oracle.
        const all = new Set(edges.flatMap((x) => [x.parent, x.component]));
        const indegree = new Map([...all].map((n) => [n, 0]));
        const unique = [...new Map(edges.map((x) => [`${x.parent}>${x.component}`, x])).values()];
        for (const x of unique) indegree.set(x.component, indegree.get(x.component)! + 1);
        const queue = [...all].filter((n) => indegree.get(n) === 0);
        let removed = 0;
        while (queue.length) {
          const n = queue.pop()!;
          removed++;
          for (const x of unique.filter((y) => y.parent === n)) {
            indegree.set(x.component, indegree.get(x.component)! - 1);
            if (indegree.get(x.component) === 0) queue.push(x.component);
          }
        }
        expect(findCycle(edges) === null).toBe(removed === all.size);
      }),
    );
  });
});
