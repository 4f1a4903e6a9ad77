import { loadConfig } from './env';

describe('loadConfig', () => {
  test('defaults run everything locally', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      apiPort: 3000,
      temporalPort: 7233,
      namespace: 'millwright',
      databaseUrl: undefined,
    });
  });

  test('a bad value names the variable', () => {
    expect(() => loadConfig({ API_PORT: 'eighty' })).toThrow(/API_PORT/);
    expect(() => loadConfig({ PG_PORT: '70000' })).toThrow(/PG_PORT/);
  });

  test('empty strings mean "not set" for optional connections', () => {
    expect(loadConfig({ DATABASE_URL: '  ', TEMPORAL_ADDRESS: '' })).toMatchObject({
      databaseUrl: undefined,
      temporalAddress: undefined,
    });
  });

  test('demo data: on for the embedded database, off for an external one, unless MILLWRIGHT_DEMO says otherwise', () => {
    const external = { DATABASE_URL: 'postgres://db/millwright' };
    expect(loadConfig({}).demo).toBe(true);
    expect(loadConfig(external).demo).toBe(false);
    expect(loadConfig({ ...external, MILLWRIGHT_DEMO: 'true' }).demo).toBe(true);
    expect(loadConfig({ MILLWRIGHT_DEMO: '0' }).demo).toBe(false);
    expect(() => loadConfig({ MILLWRIGHT_DEMO: 'yes' })).toThrow(/MILLWRIGHT_DEMO/);
  });

  test('wave-at-risk figures: unset leaves the sweep its defaults; set ones pass on; a bad one names its variable', () => {
    expect(loadConfig({}).waveRisk).toEqual({});
    expect(
      loadConfig({ MILLWRIGHT_WAVE_MINUTES_PER_LINE: '1.5', MILLWRIGHT_WAVE_MARGIN_MINUTES: '0' }).waveRisk,
    ).toEqual({ waveMinutesPerLine: 1.5, waveMarginMinutes: 0 });
    expect(() => loadConfig({ MILLWRIGHT_WAVE_MINUTES_PER_LINE: '0' })).toThrow(/MILLWRIGHT_WAVE_MINUTES_PER_LINE/);
    expect(() => loadConfig({ MILLWRIGHT_WAVE_MARGIN_MINUTES: 'soon' })).toThrow(/MILLWRIGHT_WAVE_MARGIN_MINUTES/);
  });
});
