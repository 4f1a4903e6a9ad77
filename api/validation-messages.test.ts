import { humanValidationMessage } from './validation-messages';

describe('validation messages for people', () => {
  test.each([
    ['Invalid input: expected string, received undefined', 'is required'],
    ['Invalid input: expected number, received string', 'must be a number, not text'],
    ['Invalid input: expected int, received number', 'must be a whole number'],
    ['Invalid input: expected boolean, received string', 'must be yes or no, not text'],
    ['Too big: expected number to be <=100000', 'at most 100,000'],
    ['Too big: expected number to be <=1000000000', 'at most 1,000,000,000'],
    ['Too small: expected number to be >=1', 'at least 1'],
    ['Too big: expected string to have <=40 characters', 'at most 40 characters'],
    ['Too small: expected string to have >=1 characters', 'is required'],
    ['Invalid option: expected one of "fifo"|"moving-average"', 'must be one of fifo, moving-average'],
    ['cannot be negative', 'cannot be negative'],
  ])('%s -> %s', (zod, human) => {
    expect(humanValidationMessage(zod)).toBe(human);
  });
});
