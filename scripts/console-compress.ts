import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** What is worth compressing: text; images and fonts are compressed already. */
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|ico|map|webmanifest)$/;
/** Below this a compressed copy saves less than its own headers cost. */
const MIN_BYTES = 1024;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function upToDate(copy: string, source: string): boolean {
  return existsSync(copy) && statSync(copy).mtimeMs >= statSync(source).mtimeMs;
}

/**
 * Writes `.br` (quality 11) and `.gz` (level 9) copies beside every compressible file of the built console, once at
 * build time, so the API serves them as they are (@fastify/static `preCompressed`) instead of compressing each
 * response on the fly. Copies that are newer than their file are kept. Returns the bytes before and after brotli.
 */
export function precompressConsole(dir: string): { files: number; bytes: number; brotliBytes: number } {
  const totals = { files: 0, bytes: 0, brotliBytes: 0 };
  for (const file of filesUnder(dir)) {
    if (!COMPRESSIBLE.test(file)) continue;
    const size = statSync(file).size;
    if (size < MIN_BYTES) continue;
    const content = readFileSync(file);
    if (!upToDate(`${file}.br`, file)) {
      writeFileSync(
        `${file}.br`,
        brotliCompressSync(content, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: 11,
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
            [constants.BROTLI_PARAM_SIZE_HINT]: size,
          },
        }),
      );
    }
    if (!upToDate(`${file}.gz`, file)) writeFileSync(`${file}.gz`, gzipSync(content, { level: 9 }));
    totals.files += 1;
    totals.bytes += size;
    totals.brotliBytes += statSync(`${file}.br`).size;
  }
  return totals;
}
