import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureChromium, findChromium } from './chromium';

describe('finding Chromium for the browser tests', () => {
  const dir = mkdtempSync(join(tmpdir(), 'millwright-chromium-'));
  const saved = process.env.CHROMIUM_PATH;
  afterEach(() => {
    if (saved === undefined) delete process.env.CHROMIUM_PATH;
    else process.env.CHROMIUM_PATH = saved;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('CHROMIUM_PATH wins when it names an executable, and nothing is installed', () => {
    const binary = join(dir, 'my-chrome');
    writeFileSync(binary, '#!/bin/sh\n');
    chmodSync(binary, 0o755);
    process.env.CHROMIUM_PATH = binary;
    const log = jest.fn();
    expect(ensureChromium(log)).toBe(binary);
    expect(log).not.toHaveBeenCalled();
  });

  test('a CHROMIUM_PATH that is not an executable is passed over for the usual places', () => {
    const notExecutable = join(dir, 'readme.txt');
    writeFileSync(notExecutable, 'not a browser');
    process.env.CHROMIUM_PATH = notExecutable;
    expect(findChromium()).not.toBe(notExecutable);
    process.env.CHROMIUM_PATH = join(dir, 'missing');
    expect(findChromium()).not.toBe(join(dir, 'missing'));
  });
});
