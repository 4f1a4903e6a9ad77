import Fastify from 'fastify';
import { installRouteGuard, routeTable } from './route-guard';

function guardedApp() {
  const app = Fastify({ logger: false });
  installRouteGuard(app);
  return app;
}

describe('the route guard', () => {
  test('keeps every /api route with its roles (HEAD twins left out), and ignores routes outside /api', async () => {
    const app = guardedApp();
    app.get('/api/things', { config: { roles: ['clerk', 'admin'] } }, async () => []);
    app.post('/api/login-like', { config: { roles: 'public' } }, async () => ({}));
    app.get('/docs/json', async () => ({}));
    await app.ready();
    expect(routeTable(app)).toEqual([
      { method: 'GET', url: '/api/things', roles: ['clerk', 'admin'] },
      { method: 'POST', url: '/api/login-like', roles: 'public' },
    ]);
    await app.close();
  });

  test('an /api route without roles, or with an empty list, cannot be registered', async () => {
    const bare = guardedApp();
    expect(() => bare.get('/api/forgotten', async () => ({}))).toThrow(
      'GET /api/forgotten declares no roles: add config: { roles: [...] }',
    );
    const empty = guardedApp();
    expect(() => empty.delete('/api/nobody', { config: { roles: [] } }, async () => ({}))).toThrow(
      'DELETE /api/nobody declares no roles',
    );
  });

  test('a plugin registering a route without roles stops the app from starting', async () => {
    const app = guardedApp();
    const start = async () => {
      // As buildApp registers its route plugins, then readies the app.
      await app.register(
        async (plugin) => {
          plugin.post('/orders', async () => ({}));
        },
        { prefix: '/api/late' },
      );
      await app.ready();
    };
    await expect(start()).rejects.toThrow('POST /api/late/orders declares no roles');
  });
});
