import 'server-only';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The API explorer (`/explorer`): Swagger UI, served from this origin (no CDN) and run under the
 * pages' nonce Content-Security-Policy: its scripts carry the request's nonce, nothing is inline
 * but styles (which the policy allows for every page), and it needs no eval (docs/decisions/024).
 */

/** What /explorer/<name> serves: Swagger UI's own files, read from the package, and the start-up script. */
const PACKAGE_FILES = {
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui.css': 'text/css; charset=utf-8',
} as const;

const START_SCRIPT = 'explorer.js';

/**
 * Starts Swagger UI on the description. `queryConfigEnabled: false` keeps `?url=` and `?configUrl=`
 * from pointing it at another document; `validatorUrl: null` keeps it from calling
 * validator.swagger.io; `persistAuthorization: false` keeps tokens out of localStorage. A successful
 * login made in the explorer authorizes the explorer with its token (in memory only), and a logout
 * forgets it, so "log in, then try /me" works without copying the token by hand.
 */
const START = `'use strict';
(function () {
  var LOGIN = /^\\/api\\/users\\/login$/i;
  var LOGOUT = /^\\/api\\/users\\/logout$/i;
  var ui = window.SwaggerUIBundle({
    url: '/api/openapi.json',
    dom_id: '#explorer',
    deepLinking: true,
    tryItOutEnabled: true,
    displayRequestDuration: true,
    persistAuthorization: false,
    queryConfigEnabled: false,
    validatorUrl: null,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
    responseInterceptor: function (response) {
      var pathname = new URL(response.url, window.location.href).pathname;
      if (LOGIN.test(pathname) && response.status === 200 && response.body && typeof response.body.id === 'string') {
        ui.preauthorizeApiKey('authorization', response.body.id);
      } else if (LOGOUT.test(pathname) && response.status === 204) {
        ui.authActions.logout(['authorization', 'bearer', 'basic', 'accessTokenQuery', 'xAccessToken']);
      }
      return response;
    },
  });
  window.explorer = ui;
})();
`;

const HEADERS = { 'x-content-type-options': 'nosniff', 'cache-control': 'public, max-age=3600' };

/** One of the explorer's files, or `undefined` for a name it does not have. */
export async function explorerAsset(name: string): Promise<Response | undefined> {
  if (name === START_SCRIPT) return new Response(START, { headers: { ...HEADERS, 'content-type': 'text/javascript; charset=utf-8' } });
  if (!Object.hasOwn(PACKAGE_FILES, name)) return undefined;
  const type = PACKAGE_FILES[name as keyof typeof PACKAGE_FILES];
  // Read from the installed package at run time rather than bundled: the bundle is 1.5 MB.
  const file = path.join(process.cwd(), 'node_modules', 'swagger-ui-dist', name);
  return new Response(await readFile(file), { headers: { ...HEADERS, 'content-type': type } });
}

const escapeAttribute = (value: string) => value.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page itself; `nonce` is the request's, as the proxy put it in the Content-Security-Policy. */
export function explorerPage(nonce: string): Response {
  const n = escapeAttribute(nonce);
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>API explorer · Latchkey</title>
<link rel="icon" href="/icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/explorer/swagger-ui.css">
</head>
<body>
<main id="explorer" aria-label="API explorer"><noscript>The API explorer needs JavaScript. The description itself is at <a href="/api/openapi.json">/api/openapi.json</a>.</noscript></main>
<script nonce="${n}" src="/explorer/swagger-ui-bundle.js"></script>
<script nonce="${n}" src="/explorer/${START_SCRIPT}"></script>
</body>
</html>
`;
  return new Response(html, {
    headers: { 'content-type': 'text/html; charset=utf-8', 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' },
  });
}
