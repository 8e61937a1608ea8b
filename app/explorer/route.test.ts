import { afterEach, describe, expect, it, vi } from 'vitest';

/** The explorer's handlers, imported afresh under the given API_EXPLORER (settings are read at import). */
async function explorer(setting?: string) {
  vi.resetModules();
  if (setting === undefined) delete process.env.API_EXPLORER;
  else process.env.API_EXPLORER = setting;
  return { page: (await import('./route')).GET, asset: (await import('./[asset]/route')).GET };
}

const get = (path: string, headers: Record<string, string> = {}) => new Request(`http://latchkey.test${path}`, { headers });
const params = (asset: string) => ({ params: Promise.resolve({ asset }) });

afterEach(() => {
  delete process.env.API_EXPLORER;
  vi.resetModules();
});

describe('/explorer', () => {
  it('serves a page whose only scripts are files of this origin carrying the request nonce', async () => {
    const { page } = await explorer();
    const answer = await page(get('/explorer', { 'x-nonce': 'bm9uY2U=' }));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await answer.text();
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.map((s) => s[1]!.trim())).toEqual([
      'nonce="bm9uY2U=" src="/explorer/swagger-ui-bundle.js"',
      'nonce="bm9uY2U=" src="/explorer/explorer.js"',
    ]);
    expect(scripts.every((s) => s[2] === '')).toBe(true);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('escapes the nonce it writes into the page', async () => {
    const { page } = await explorer();
    const html = await (await page(get('/explorer', { 'x-nonce': '"><script>alert(1)</script>' }))).text();
    expect(html).not.toContain('<script>alert(1)');
  });

  it('answers 404 without the proxy nonce, so it never runs without its policy', async () => {
    const { page } = await explorer();
    expect((await page(get('/explorer'))).status).toBe(404);
  });

  it('serves Swagger UI and its start-up script, and nothing else of the package', async () => {
    const { asset } = await explorer();
    const bundle = await asset(get('/explorer/swagger-ui-bundle.js'), params('swagger-ui-bundle.js'));
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await bundle.text()).length).toBeGreaterThan(100_000);
    expect((await asset(get('/explorer/swagger-ui.css'), params('swagger-ui.css'))).headers.get('content-type')).toBe('text/css; charset=utf-8');
    const start = await (await asset(get('/explorer/explorer.js'), params('explorer.js'))).text();
    expect(start).toContain("url: '/api/openapi.json'");
    expect(start).toContain('queryConfigEnabled: false');
    expect(start).toContain('persistAuthorization: false');
    for (const name of [
      'package.json',
      'index.html',
      '../package.json',
      '..%2Fpackage.json',
      'swagger-ui-bundle.js.map',
      'constructor',
      '__proto__',
    ]) {
      expect((await asset(get(`/explorer/${name}`), params(name))).status, name).toBe(404);
    }
  });

  it('is not served at all when API_EXPLORER is off', async () => {
    const { page, asset } = await explorer('false');
    expect((await page(get('/explorer', { 'x-nonce': 'bm9uY2U=' }))).status).toBe(404);
    expect((await asset(get('/explorer/swagger-ui-bundle.js'), params('swagger-ui-bundle.js'))).status).toBe(404);
    expect((await asset(get('/explorer/explorer.js'), params('explorer.js'))).status).toBe(404);
  });
});
