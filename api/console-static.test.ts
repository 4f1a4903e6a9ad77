import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { precompressConsole } from '../scripts/console-compress';
import { IMMUTABLE, REVALIDATE, serveConsole } from './console-static';
import { installErrorHandler } from './error-handler';

// A console build in miniature: Angular's hashed names, an index.html naming them, a favicon.
const BUNDLE = `console.log(${JSON.stringify('millwright '.repeat(400))});`;
const INDEX = `<!doctype html><html><head><link rel="icon" href="favicon.ico"></head><body>${'<!-- -->'.repeat(200)}
<script src="main-AB12CD34.js" type="module"></script></body></html>`;
let dir: string;
let app: FastifyInstance;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'console-static-'));
  writeFileSync(join(dir, 'index.html'), INDEX);
  writeFileSync(join(dir, 'main-AB12CD34.js'), BUNDLE);
  writeFileSync(join(dir, 'favicon.ico'), Buffer.from([0, 0, 1, 0, 1, 0]));
  precompressConsole(dir);
  app = Fastify();
  installErrorHandler(app);
  await serveConsole(app, dir);
  await app.ready();
});

afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (url: string, encoding?: string) =>
  app.inject({ method: 'GET', url, headers: encoding ? { 'accept-encoding': encoding } : {} });

describe('the console as the API serves it', () => {
  test('a hashed bundle comes brotli-compressed when the browser takes brotli, and is cached for a year', async () => {
    const response = await get('/main-AB12CD34.js', 'gzip, deflate, br');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['cache-control']).toBe(IMMUTABLE);
    expect(response.headers['content-type']).toMatch(/javascript/);
    expect(response.rawPayload.length).toBeLessThan(BUNDLE.length / 4);
    expect(brotliDecompressSync(response.rawPayload).toString()).toBe(BUNDLE);
  });

  test('gzip for a browser without brotli, the file as it is for one that takes neither', async () => {
    const gzipped = await get('/main-AB12CD34.js', 'gzip');
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzipped.rawPayload).toString()).toBe(BUNDLE);
    const plain = await get('/main-AB12CD34.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(BUNDLE);
    expect(plain.headers['cache-control']).toBe(IMMUTABLE);
  });

  test('index.html and the client-side routes that load it are revalidated on every visit', async () => {
    for (const url of ['/', '/index.html', '/processes', '/tasks/123']) {
      const response = await get(url, 'br');
      expect({ url, status: response.statusCode }).toEqual({ url, status: 200 });
      expect(response.headers['cache-control']).toBe(REVALIDATE);
      expect(response.headers['content-encoding']).toBe('br');
      expect(brotliDecompressSync(response.rawPayload).toString()).toBe(INDEX);
    }
  });

  test('the favicon is served, and /api/ paths no route takes are a 404, not the console', async () => {
    const icon = await get('/favicon.ico');
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['cache-control']).toBe(REVALIDATE);
    const missing = await get('/api/nothing-here');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });
});
