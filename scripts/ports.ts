import { createServer } from 'node:net';

/** Fails with a sentence naming the setting when a port is already taken, instead of a cryptic EADDRINUSE later. */
export async function assertPortFree(port: number, what: string, host = '127.0.0.1'): Promise<void> {
  const free = await new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
  if (!free)
    throw new Error(`Port ${port} for ${what} is already in use; stop whatever holds it or choose another port.`);
}

/** Asks the OS for a free port (used by tests so parallel runs never collide). */
export async function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
