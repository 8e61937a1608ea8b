import 'server-only';
import * as client from 'openid-client';
import type { ProviderProfile } from '@/lib/auth';
import { env } from '@/lib/env';
import { ProviderFlowError } from './errors';

/**
 * GitHub signs in with OAuth 2.0, not OpenID Connect: no discovery and no ID token. openid-client
 * still does the protocol (PKCE, state, the code exchange) from fixed endpoints; who the person
 * is comes from the API: `/user` (the stable numeric id) and `/user/emails` (which addresses
 * GitHub has verified; the profile's public `email` says nothing about that).
 */
export const GITHUB_SCOPE = 'read:user user:email';

/** github.com's API lives on its own host; a GitHub Enterprise Server's under /api/v3. */
function githubApiUrl(base = env.GITHUB_BASE_URL): string {
  const url = new URL(base);
  return url.hostname === 'github.com' ? 'https://api.github.com' : new URL('api/v3', url.href.endsWith('/') ? url.href : `${url.href}/`).href;
}

export function githubConfiguration(timeout: number): client.Configuration {
  const base = env.GITHUB_BASE_URL.replace(/\/+$/, '');
  const config = new client.Configuration(
    {
      issuer: base,
      authorization_endpoint: `${base}/login/oauth/authorize`,
      token_endpoint: `${base}/login/oauth/access_token`,
    },
    env.GITHUB_CLIENT_ID ?? '',
    undefined,
    client.ClientSecretPost(env.GITHUB_CLIENT_SECRET ?? ''),
  );
  config.timeout = timeout;
  // Plain http only for a loopback server (lib/env.ts accepts nothing else): a test double.
  if (new URL(base).protocol === 'http:') client.allowInsecureRequests(config);
  return config;
}

async function getJson(config: client.Configuration, accessToken: string, path: string): Promise<unknown> {
  const url = new URL(path, `${githubApiUrl()}/`);
  const headers = new Headers({ accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' });
  const response = await client.fetchProtectedResource(config, accessToken, url, 'GET', undefined, headers);
  if (!response.ok) throw new ProviderFlowError('provider_error', `GitHub ${path} answered ${response.status}`);
  try {
    return await response.json();
  } catch {
    throw new ProviderFlowError('invalid_response', `GitHub ${path} answered something other than JSON`);
  }
}

interface GithubEmail {
  email: string;
  primary: boolean;
  verified: boolean;
}

function isGithubEmail(value: unknown): value is GithubEmail {
  const v = value as Partial<GithubEmail> | null;
  return typeof v === 'object' && v !== null && typeof v.email === 'string' && typeof v.verified === 'boolean';
}

/** The primary address when GitHub verified it, else the first verified one, else none. */
export async function githubProfile(config: client.Configuration, accessToken: string): Promise<ProviderProfile> {
  const user = (await getJson(config, accessToken, 'user')) as { id?: unknown; login?: unknown; name?: unknown } | null;
  if (typeof user !== 'object' || user === null || (typeof user.id !== 'number' && typeof user.id !== 'string')) {
    throw new ProviderFlowError('invalid_response', 'GitHub /user gave no id');
  }
  const emails = await getJson(config, accessToken, 'user/emails');
  const list = Array.isArray(emails) ? emails.filter(isGithubEmail) : [];
  const chosen = list.find((e) => e.primary && e.verified) ?? list.find((e) => e.verified) ?? null;
  return {
    provider: 'github',
    authScheme: 'oauth2',
    subject: String(user.id),
    email: chosen?.email ?? null,
    emailVerified: chosen !== null,
    displayName: typeof user.name === 'string' ? user.name : null,
    username: typeof user.login === 'string' ? user.login : null,
  };
}
