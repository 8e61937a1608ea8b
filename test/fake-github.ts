/**
 * A small stand-in for GitHub's OAuth 2.0 endpoints and the two API calls Latchkey makes, on a
 * loopback port: `/login/oauth/authorize` (through a sign-in page shaped like the test OpenID
 * Provider's, so `signInAtProvider` drives both), `/login/oauth/access_token` (checks the client,
 * the code, the redirect URI and the PKCE verifier), `/api/v3/user` and `/api/v3/user/emails`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeGithubAccount {
  id: number;
  login: string;
  name?: string;
  emails: { email: string; primary: boolean; verified: boolean }[];
}

export interface FakeGithub {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

interface Pending {
  redirectUri: string;
  state: string;
  challenge: string | null;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export async function startFakeGithub(options: { port?: number; clientId?: string; clientSecret?: string } = {}): Promise<FakeGithub> {
  const clientId = options.clientId ?? 'github-client';
  const clientSecret = options.clientSecret ?? 'github-secret-0123456789abcdef';
  const pending = new Map<string, Pending>();
  const codes = new Map<string, Pending & { account: FakeGithubAccount }>();
  const tokens = new Map<string, FakeGithubAccount>();

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.statusCode = status;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(body));
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://github.invalid');
      if (req.method === 'GET' && url.pathname === '/login/oauth/authorize') {
        const redirectUri = url.searchParams.get('redirect_uri') ?? '';
        if (url.searchParams.get('client_id') !== clientId || redirectUri === '') return send(res, 400, { error: 'bad client' });
        const uid = randomBytes(8).toString('hex');
        pending.set(uid, { redirectUri, state: url.searchParams.get('state') ?? '', challenge: url.searchParams.get('code_challenge') });
        res.statusCode = 303;
        res.setHeader('location', `/interaction/${uid}`);
        return res.end();
      }
      const interaction = /^\/interaction\/(\w+)(?:\/(login|abort))?$/.exec(url.pathname);
      if (interaction) {
        const flow = pending.get(interaction[1]!);
        if (!flow) return send(res, 404, { error: 'unknown interaction' });
        if (req.method === 'GET' && !interaction[2]) {
          res.setHeader('content-type', 'text/html; charset=utf-8');
          return res.end(`<!doctype html><html lang="en"><head><title>Fake GitHub: authorize</title></head><body><main><h1>Fake GitHub</h1>
<form method="post" action="/interaction/${escape(interaction[1]!)}/login">
<p><label>Subject <input name="sub" required></label></p><p><label>Email <input name="email" type="email"></label></p>
<p><label><input name="email_verified" type="checkbox"> Email verified</label></p><p><label>Name <input name="name"></label></p>
<button>Sign in</button></form><form method="post" action="/interaction/${escape(interaction[1]!)}/abort"><button>Cancel</button></form></main></body></html>`);
        }
        pending.delete(interaction[1]!);
        const back = new URL(flow.redirectUri);
        back.searchParams.set('state', flow.state);
        if (interaction[2] === 'abort') {
          back.searchParams.set('error', 'access_denied');
          back.searchParams.set('error_description', 'The user has denied your application access.');
        } else {
          const form = await readForm(req);
          const sub = form.get('sub') ?? '0';
          const account: FakeGithubAccount = {
            id: /^\d+$/.test(sub) ? Number(sub) : Number.parseInt(createHash('sha256').update(sub).digest('hex').slice(0, 8), 16),
            login: sub,
            ...(form.get('name') ? { name: form.get('name')! } : {}),
            emails: form.get('email') ? [{ email: form.get('email')!, primary: true, verified: form.get('email_verified') === 'on' }] : [],
          };
          const code = randomBytes(10).toString('hex');
          codes.set(code, { ...flow, account });
          back.searchParams.set('code', code);
        }
        res.statusCode = 302;
        res.setHeader('location', back.href);
        return res.end();
      }
      if (req.method === 'POST' && url.pathname === '/login/oauth/access_token') {
        const form = await readForm(req);
        // GitHub answers errors with 200 and an `error` member.
        if (form.get('client_id') !== clientId || form.get('client_secret') !== clientSecret)
          return send(res, 200, { error: 'incorrect_client_credentials' });
        const grant = codes.get(form.get('code') ?? '');
        codes.delete(form.get('code') ?? '');
        if (!grant || grant.redirectUri !== form.get('redirect_uri')) return send(res, 200, { error: 'bad_verification_code' });
        const verifier = form.get('code_verifier') ?? '';
        if (grant.challenge !== null && createHash('sha256').update(verifier).digest('base64url') !== grant.challenge) {
          return send(res, 200, { error: 'bad_verification_code' });
        }
        const token = `gho_${randomBytes(16).toString('hex')}`;
        tokens.set(token, grant.account);
        return send(res, 200, { access_token: token, token_type: 'bearer', scope: 'read:user,user:email' });
      }
      const api = /^\/api\/v3\/(user|user\/emails)$/.exec(url.pathname);
      if (req.method === 'GET' && api) {
        const auth = req.headers.authorization ?? '';
        const account = tokens.get(auth.replace(/^(bearer|token)\s+/i, ''));
        if (!account) return send(res, 401, { message: 'Bad credentials' });
        if (api[1] === 'user') return send(res, 200, { id: account.id, login: account.login, name: account.name ?? null, email: null });
        return send(
          res,
          200,
          account.emails.map((e) => ({ ...e, visibility: 'private' })),
        );
      }
      send(res, 404, { message: 'Not Found' });
    })().catch((error: unknown) => {
      res.statusCode = 500;
      res.end(error instanceof Error ? error.message : 'error');
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    clientId,
    clientSecret,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
