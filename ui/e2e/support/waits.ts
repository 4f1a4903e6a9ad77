/**
 * Waits for a state instead of sampling it. `count()`, `inputValue()`, `isEnabled()` and `getAttribute()` read
 * the page once: right after a click or a navigation, Angular may not have rendered the answer yet, and a
 * slower machine then fails a journey that is fine. playwright-core ships no `expect(locator).toHaveCount`, so
 * these poll until the state holds and fail with the last value seen.
 */
import type { Locator } from 'playwright-core';
import { eventually } from './browser';

const TIMING = { timeoutMs: 30_000, intervalMs: 200 };

type Wanted<T> = T | ((value: T) => boolean);
const accepts =
  <T>(wanted: Wanted<T>) =>
  (value: T): boolean =>
    typeof wanted === 'function' ? (wanted as (value: T) => boolean)(value) : value === wanted;

/** Waits until `locator` matches `wanted` elements (a number, or a test such as `(n) => n > 0`). */
export async function waitForCount(locator: Locator, wanted: Wanted<number>): Promise<number> {
  return eventually(() => locator.count(), accepts(wanted), { ...TIMING, what: `the count of ${String(locator)}` });
}

/** Waits until an input's value is `wanted` (a string, or a test on the string). */
export async function waitForValue(locator: Locator, wanted: Wanted<string>): Promise<string> {
  return eventually(() => locator.inputValue(), accepts(wanted), {
    ...TIMING,
    what: `the value of ${String(locator)}`,
  });
}

/** Waits until a control is enabled (or, with `enabled` false, disabled). */
export async function waitForEnabled(locator: Locator, enabled = true): Promise<void> {
  await eventually(
    () => locator.isEnabled(),
    (now) => now === enabled,
    {
      ...TIMING,
      what: `${String(locator)} to be ${enabled ? 'enabled' : 'disabled'}`,
    },
  );
}

/** Waits until an attribute is `wanted` (a value, null for absent, or a test on the value). */
export async function waitForAttribute(
  locator: Locator,
  name: string,
  wanted: Wanted<string | null>,
): Promise<string | null> {
  return eventually(() => locator.getAttribute(name), accepts(wanted), {
    ...TIMING,
    what: `${name} of ${String(locator)}`,
  });
}

/**
 * For what must never show: `locator` matches nothing on every reading for `forMs` (the page polls and re-renders;
 * one empty reading right after it rendered would prove nothing about the render after it).
 */
export async function expectStaysAbsent(locator: Locator, forMs = 3_000): Promise<void> {
  const until = Date.now() + forMs;
  for (;;) {
    const count = await locator.count();
    if (count > 0) throw new Error(`${String(locator)} showed (${count}), and must not`);
    if (Date.now() > until) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
