/** ISO 2859-1:1999 clause 9 switching rules (9.3.1-9.3.4, switching score 9.3.3.2) and discontinuation (9.4). */
import { switchingState, type LotRecord, type SwitchingPolicy, type SwitchingRecord } from './index';

const ok: LotRecord = { accepted: true, acceptanceNumber: 1 };
const bad: LotRecord = { accepted: false, acceptanceNumber: 1 };
const policy: SwitchingPolicy = { reducedApproved: false, productionSteady: true };
const times = (n: number, record: SwitchingRecord) => Array.from({ length: n }, () => record);

describe('normal and tightened', () => {
  test('no history: normal, or the policy start severity', () => {
    expect(switchingState([], policy)).toMatchObject({ state: 'normal', switchingScore: 0 });
    expect(switchingState([], { ...policy, startSeverity: 'tightened' }).state).toBe('tightened');
  });

  test('2 rejected among 5 consecutive lots switch to tightened, with the reason', () => {
    const result = switchingState([ok, bad, ok, ok, bad], policy);
    expect(result.state).toBe('tightened');
    expect(result.switches).toEqual([
      {
        afterRecord: 4,
        from: 'normal',
        to: 'tightened',
        reason: '2 of the last 5 lots under normal inspection were rejected',
      },
    ]);
  });

  test('2 rejected in a row switch at once; rejections 5 lots apart do not', () => {
    expect(switchingState([bad, bad], policy).state).toBe('tightened');
    expect(switchingState([bad, ok, ok, ok, ok, bad], policy).state).toBe('normal');
  });

  test('tightened back to normal after 5 consecutive accepted lots; a rejection restarts the count', () => {
    const start = [bad, bad];
    expect(switchingState([...start, ...times(4, ok)], policy).state).toBe('tightened');
    expect(switchingState([...start, ...times(3, ok), bad, ...times(4, ok)], policy).state).toBe('tightened');
    const back = switchingState([...start, ...times(5, ok)], policy);
    expect(back).toMatchObject({ state: 'normal', switchingScore: 0 });
    expect(back.switches.at(-1)?.reason).toBe('5 consecutive lots accepted under tightened inspection');
  });

  test('5 lots rejected in total while tightened discontinue inspection; later lots do not move it; resume is tightened', () => {
    const history = [bad, bad, bad, ok, bad, ok, bad, ok, ok, bad, ok, bad];
    const result = switchingState(history, policy);
    expect(result.state).toBe('discontinued');
    expect(result.reason).toMatch(/5 lots rejected while tightened: inspection discontinued/);
    expect(switchingState([...history, ...times(10, ok)], policy).state).toBe('discontinued');
    expect(switchingState([...history, { resumed: true }], policy).state).toBe('tightened');
  });
});

describe('reduced', () => {
  const approved = { ...policy, reducedApproved: true };

  test('Ac 0-1: each accepted lot adds 2, so 15 accepted lots reach 30', () => {
    expect(switchingState(times(14, ok), approved)).toMatchObject({ state: 'normal', switchingScore: 28 });
    const result = switchingState(times(15, ok), approved);
    expect(result.state).toBe('reduced');
    expect(result.switches[0]?.reason).toMatch(/switching score 30 >= 30, production steady, approved/);
  });

  test('Ac >= 2: 3 when accepted at the AQL one step tighter, else back to 0', () => {
    const tight: LotRecord = { accepted: true, acceptanceNumber: 3, acceptedAtTighterAql: true };
    const loose: LotRecord = { accepted: true, acceptanceNumber: 3, acceptedAtTighterAql: false };
    expect(switchingState(times(9, tight), approved).switchingScore).toBe(27);
    expect(switchingState([...times(9, tight), loose], approved).switchingScore).toBe(0);
    expect(switchingState(times(10, tight), approved).state).toBe('reduced');
  });

  test('a rejected lot resets the score', () => {
    expect(switchingState([...times(10, ok), bad, ok], approved).switchingScore).toBe(2);
  });

  test('not without approval or steady production: the reason says which', () => {
    expect(switchingState(times(20, ok), policy)).toMatchObject({
      state: 'normal',
      reason: 'normal: switching score 40, reduced inspection not approved by quality',
    });
    expect(switchingState(times(20, ok), { ...approved, productionSteady: false }).reason).toBe(
      'normal: switching score 40, but production is not steady',
    );
  });

  test('reduced back to normal on a rejected lot or irregular supply', () => {
    const reduced = times(15, ok);
    expect(switchingState([...reduced, ok], approved).state).toBe('reduced');
    const rejected = switchingState([...reduced, ok, bad], approved);
    expect(rejected.state).toBe('normal');
    expect(rejected.switches.at(-1)?.reason).toBe('a lot was rejected under reduced inspection');
    const irregular = switchingState([...reduced, { ...ok, irregularSupply: true }], approved);
    expect(irregular.switches.at(-1)).toMatchObject({
      from: 'reduced',
      to: 'normal',
      reason: 'supply became irregular or delayed',
    });
  });
});
