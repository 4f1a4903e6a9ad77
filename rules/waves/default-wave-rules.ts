/**
 * The wave rule set every company starts with (seeded by db/seeds/rule-seed.ts, tested in plan-waves.test.ts): one
 * wave per carrier cut-off and zone set, up to 50 orders, released an hour before the cut-off; orders whose carrier
 * leaves within two hours cannot wait for a full wave: small waves, released at once.
 */
export const DEFAULT_WAVE_RULES = {
  rules: [
    {
      name: 'cutoff-within-two-hours',
      priority: 10,
      conditions: { all: [{ fact: 'order.cutoffMinutes', operator: 'lessThanInclusive', value: 120 }] },
      event: {
        type: 'policy',
        params: {
          groupBy: ['carrier-cutoff', 'zone'],
          maxOrders: 10,
          release: 'schedule',
          releaseMinutesBeforeCutoff: 120,
        },
      },
    },
  ],
  defaultPolicy: {
    groupBy: ['carrier-cutoff', 'zone'],
    maxOrders: 50,
    release: 'schedule',
    releaseMinutesBeforeCutoff: 60,
  },
};
