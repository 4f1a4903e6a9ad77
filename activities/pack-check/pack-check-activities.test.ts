import { packCheckRequiredBy } from './pack-check-activities';

test('packages are checked by default; an opt-out skips the check unless the other side requires it', () => {
  expect(packCheckRequiredBy([])).toBe(true);
  expect(packCheckRequiredBy([{ required: false }])).toBe(false);
  expect(packCheckRequiredBy([{ required: false }, { required: false }])).toBe(false);
  expect(packCheckRequiredBy([{ required: true }])).toBe(true);
  expect(packCheckRequiredBy([{ required: false }, { required: true }])).toBe(true);
});
