/**
 * A real OpenID Provider for the tests (panva's oidc-provider), on a loopback port: one client
 * for Latchkey, consent skipped, and a small sign-in page of its own where a test (or a person
 * trying the app) says who they are at the provider, or presses "Cancel". Used by the vitest
 * suites in-process and by e2e/serve.ts for the browser journeys.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration } from 'oidc-provider';

export interface TestAccount {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
}

/** Accounts a person trying the app can pick on the sign-in page (the tests type their own). */
const PRESET_ACCOUNTS: TestAccount[] = [
  { sub: 'verified-1', email: 'verified@op.example.com', email_verified: true, name: 'Vera Verified' },
  { sub: 'unverified-1', email: 'unverified@op.example.com', email_verified: false, name: 'Una Unverified' },
  { sub: 'existing-1', email: 'existing@example.com', email_verified: true, name: 'Ed Existing' },
];

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Accounts that have signed in at the provider, by `sub`. */
  accounts: Map<string, TestAccount>;
  close(): Promise<void>;
}

export interface TestProviderOptions {
  /** The redirect URIs Latchkey's client may use. */
  redirectUris: string[];
  clientId?: string;
  clientSecret?: string;
  /** Listen on this port (0: any free one). */
  port?: number;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(uid: string, clientId: string): string {
  const presets = PRESET_ACCOUNTS.map(
    (a) =>
      `<li><form method="post" action="/interaction/${uid}/login"><input type="hidden" name="sub" value="${escape(a.sub)}"><input type="hidden" name="email" value="${escape(a.email ?? '')}">${a.email_verified ? '<input type="hidden" name="email_verified" value="on">' : ''}<input type="hidden" name="name" value="${escape(a.name ?? '')}"><button>Sign in as ${escape(a.name ?? a.sub)} (${escape(a.email ?? 'no email')}${a.email_verified ? ', verified' : ', not verified'})</button></form></li>`,
  ).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test provider: sign in</title></head><body>
<main><h1>Test provider</h1><p>Signing in to ${escape(clientId)}.</p>
<ul>${presets}</ul>
<form method="post" action="/interaction/${uid}/login">
<p><label>Subject <input name="sub" required></label></p>
<p><label>Email <input name="email" type="email"></label></p>
<p><label><input name="email_verified" type="checkbox"> Email verified</label></p>
<p><label>Name <input name="name"></label></p>
<button>Sign in</button></form>
<form method="post" action="/interaction/${uid}/abort"><button>Cancel</button></form>
</main></body></html>`;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export async function startTestProvider(options: TestProviderOptions): Promise<TestProvider> {
  const clientId = options.clientId ?? 'latchkey';
  const clientSecret = options.clientSecret ?? 'test-client-secret-0123456789abcdef';
  const accounts = new Map<string, TestAccount>(PRESET_ACCOUNTS.map((a) => [a.sub, a]));
  // Made once the port (and so the issuer) is known; requests before that get 503.
  const ready: { provider?: Provider } = {};

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://op.invalid');
      const match = /^\/interaction\/([\w-]+)(?:\/(login|abort))?$/.exec(url.pathname);
      const provider = ready.provider;
      if (!provider) {
        res.statusCode = 503;
        res.end();
        return;
      }
      if (match) {
        const details = await provider.interactionDetails(req, res);
        if (req.method === 'GET' && !match[2]) {
          res.setHeader('content-type', 'text/html; charset=utf-8');
          res.end(page(details.uid, clientId));
          return;
        }
        if (req.method === 'POST' && match[2] === 'abort') {
          await provider.interactionFinished(
            req,
            res,
            { error: 'access_denied', error_description: 'End-User aborted interaction' },
            { mergeWithLastSubmission: false },
          );
          return;
        }
        if (req.method === 'POST' && match[2] === 'login') {
          const form = await readForm(req);
          const sub = form.get('sub')?.trim() || 'anonymous';
          accounts.set(sub, {
            sub,
            ...(form.get('email') ? { email: form.get('email')! } : {}),
            email_verified: form.get('email_verified') === 'on',
            ...(form.get('name') ? { name: form.get('name')! } : {}),
          });
          await provider.interactionFinished(req, res, { login: { accountId: sub } }, { mergeWithLastSubmission: false });
          return;
        }
      }
      await provider.callback()(req, res);
    })().catch((error: unknown) => {
      res.statusCode = 500;
      res.end(error instanceof Error ? error.message : 'error');
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const configuration: Configuration = {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: options.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    cookies: { keys: [createHash('sha256').update(issuer).digest('hex')] },
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    // Consent is skipped: every client is granted what it asks for.
    async loadExistingGrant(ctx) {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId! });
      grant.addOIDCScope('openid email profile');
      grant.addOIDCClaims(['email', 'email_verified', 'name']);
      await grant.save();
      return grant;
    },
    async findAccount(_ctx, sub) {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return { accountId: sub, claims: async () => ({ ...account }) };
    },
    interactions: { url: async (_ctx, interaction) => `/interaction/${interaction.uid}` },
  };
  ready.provider = new Provider(issuer, configuration);

  return {
    issuer,
    clientId,
    clientSecret,
    accounts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A small cookie jar for walking the provider's pages without a browser. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (value === '' || /max-age=0/i.test(line) || /expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

/**
 * Signs in at the provider from an authorization URL, as a person would on its page, and answers
 * the URL the provider sends the browser back to (Latchkey's callback, with `code` or `error`).
 */
export async function signInAtProvider(authorizationUrl: string | URL, account: TestAccount | 'cancel'): Promise<URL> {
  const jar = new CookieJar();
  const go = async (url: string | URL, init: RequestInit = {}): Promise<Response> => {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: jar.header() },
    });
    jar.take(response);
    return response;
  };
  let response = await go(authorizationUrl);
  const interaction = new URL(response.headers.get('location') ?? '', authorizationUrl);
  if (!/^\/interaction\//.test(interaction.pathname)) throw new Error(`the provider did not ask to sign in (${response.status})`);
  await (await go(interaction)).text();
  const body =
    account === 'cancel'
      ? ''
      : new URLSearchParams({
          sub: account.sub,
          email: account.email ?? '',
          ...(account.email_verified ? { email_verified: 'on' } : {}),
          name: account.name ?? '',
        }).toString();
  response = await go(new URL(`${interaction.pathname}/${account === 'cancel' ? 'abort' : 'login'}`, interaction), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  // Back through the provider's resume step to the client's redirect URI.
  for (let hops = 0; hops < 5; hops++) {
    const location = new URL(response.headers.get('location') ?? '', interaction);
    if (location.origin !== interaction.origin) return location;
    response = await go(location);
  }
  throw new Error('the provider never sent the browser back');
}
