import { ensureChromium, INSTALL_CHROMIUM_SENTENCE } from './chromium';

/**
 * Finds (and on a new machine installs) the Chromium the browser tests run in, before any test runs: prints
 * its path on stdout for the caller to export as CHROMIUM_PATH, progress on stderr, and stops with one
 * sentence saying what to install when neither apt nor Playwright's download could supply it.
 */
function main(): void {
  const path = ensureChromium((line) => console.error(`[millwright] ${line}`));
  if (!path) {
    console.error(`[millwright] ${INSTALL_CHROMIUM_SENTENCE}`);
    process.exit(1);
  }
  console.log(path);
}

main();
