import fc from 'fast-check';
import { issue, type IssueOutcome, type Layer, receive, type Taken } from './index';
import { rawPostings, RUNS, toEvents } from './test-scenarios';

/**
 * A deliberately naive FIFO, written without the module: receipts stay in one list in posting order, each keeping
 * what is left of it, and every issue repeatedly scans the whole list for the earliest lot (effective time, then
 * seq) that still has stock. Proportional takes round like the module promises: Math.round(value × take / qty), and
 * the last take from a lot gets whatever value is left.
 */
class ReferenceFifo {
  private readonly lots: { id: string; effectiveAt: number; seq: number; qty: number; value: number }[] = [];

  receive(id: string, effectiveAt: number, seq: number, qty: number, value: number): void {
    this.lots.push({ id, effectiveAt, seq, qty, value });
  }

  issue(qty: number): IssueOutcome {
    const taken: Taken[] = [];
    let need = qty;
    let total = 0;
    while (need > 0) {
      let oldest: (typeof this.lots)[number] | undefined;
      for (const lot of this.lots) {
        if (lot.qty === 0) continue;
        const earlier =
          oldest === undefined ||
          lot.effectiveAt < oldest.effectiveAt ||
          (lot.effectiveAt === oldest.effectiveAt && lot.seq < oldest.seq);
        if (earlier) oldest = lot;
      }
      if (oldest === undefined) throw new Error('reference: out of stock (the scenario should prevent this)');
      const take = need < oldest.qty ? need : oldest.qty;
      const value = take === oldest.qty ? oldest.value : Math.round((oldest.value * take) / oldest.qty);
      oldest.qty -= take;
      oldest.value -= value;
      need -= take;
      total += value;
      taken.push({ layerId: oldest.id, qty: take, value });
    }
    return { qty, value: total, taken };
  }

  remaining(): { id: string; qty: number; value: number }[] {
    return this.lots.filter((lot) => lot.qty > 0).map(({ id, qty, value }) => ({ id, qty, value }));
  }
}

describe('FIFO against a naive reference', () => {
  test('every issue costs the same, taken from the same layers, and the same stock remains', () => {
    fc.assert(
      fc.property(rawPostings, (raw) => {
        const reference = new ReferenceFifo();
        let layers: Layer[] = [];
        for (const event of toEvents(raw, 'posting')) {
          if (event.kind === 'in') {
            reference.receive(event.id, event.effectiveAt, event.seq, event.qty, event.value);
            layers = receive('fifo', layers, event);
          } else {
            const expected = reference.issue(event.qty);
            const actual = issue('fifo', layers, event.qty);
            expect(actual.outcome).toEqual(expected);
            layers = actual.layers;
          }
        }
        const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);
        const left = layers.map(({ id, qty, value }) => ({ id, qty, value }));
        expect(left.sort(byId)).toEqual(reference.remaining().sort(byId));
      }),
      { numRuns: RUNS },
    );
  });
});
