import 'server-only';
import * as client from 'openid-client';
import type { ProviderProfile } from '@/lib/auth';
import { env } from '@/lib/env';
import { describeError } from '@/lib/log';
import { ProviderFlowError } from './errors';
import { githubConfiguration, githubProfile, GITHUB_SCOPE } from './github';
import { redirectUri, type SignInProvider } from './providers';

/**
 * The protocol, done by openid-client (on oauth4webapi): discovery, the authorization URL with
 * PKCE (S256), `state` and `nonce`, and on the way back the checks of the response (state, `iss`),
 * the code exchange, and the ID token's signature, issuer, audience, nonce and expiry. Latchkey
 * only chooses the settings and turns the answers into a `ProviderProfile`.
 */

/** Seconds each request to a provider may take. */
const PROVIDER_TIMEOUT = 10;
const OIDC_SCOPE = 'openid email profile';

/** Plain http only for a loopback provider (lib/env.ts accepts nothing else). */
const isPlainHttp = (url: string) => new URL(url).protocol === 'http:';

const discovered = new Map<string, Promise<client.Configuration>>();

function oidcSettings(id: string) {
  const settings = env.oidcProviders.find((p) => p.id === id);
  if (!settings) throw new Error(`no OpenID Connect provider "${id}"`);
  return settings;
}

/** The client's authentication at the token endpoint: Basic unless the provider only takes the secret in the body. */
function clientAuth(server: client.ServerMetadata, secret: string): client.ClientAuth {
  const methods = server.token_endpoint_auth_methods_supported;
  return methods && !methods.includes('client_secret_basic') && methods.includes('client_secret_post')
    ? client.ClientSecretPost(secret)
    : client.ClientSecretBasic(secret);
}

/** Discovery, once per provider while it works; a failure is retried on the next sign-in. */
async function oidcConfiguration(id: string): Promise<client.Configuration> {
  let pending = discovered.get(id);
  if (!pending) {
    const settings = oidcSettings(id);
    pending = (async () => {
      const insecure = isPlainHttp(settings.issuer) ? [client.allowInsecureRequests] : [];
      const found = await client.discovery(new URL(settings.issuer), settings.clientId, undefined, undefined, {
        execute: insecure,
        timeout: PROVIDER_TIMEOUT,
      });
      // Discovery ran with the default client authentication; now that the metadata is known, choose.
      const config = new client.Configuration(
        found.serverMetadata(),
        settings.clientId,
        undefined,
        clientAuth(found.serverMetadata(), settings.clientSecret),
      );
      config.timeout = PROVIDER_TIMEOUT;
      for (const run of insecure) run(config);
      return config;
    })();
    discovered.set(id, pending);
    pending.catch(() => discovered.delete(id));
  }
  return pending;
}

async function configurationFor(provider: SignInProvider): Promise<client.Configuration> {
  try {
    return provider.kind === 'github' ? githubConfiguration(PROVIDER_TIMEOUT) : await oidcConfiguration(provider.id);
  } catch (error) {
    throw classify(error);
  }
}

/** Fresh values for one trip to the provider; kept in the flow cookie. */
export function newChecks(provider: SignInProvider): { state: string; nonce?: string; codeVerifier: string } {
  return {
    state: client.randomState(),
    ...(provider.kind === 'oidc' && { nonce: client.randomNonce() }),
    codeVerifier: client.randomPKCECodeVerifier(),
  };
}

/** Where to send the browser to sign in at the provider. */
export async function authorizationUrl(provider: SignInProvider, checks: { state: string; nonce?: string; codeVerifier: string }): Promise<URL> {
  const config = await configurationFor(provider);
  return client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri(provider.id),
    scope: provider.kind === 'github' ? GITHUB_SCOPE : OIDC_SCOPE,
    code_challenge: await client.calculatePKCECodeChallenge(checks.codeVerifier),
    code_challenge_method: 'S256',
    state: checks.state,
    ...(checks.nonce !== undefined && { nonce: checks.nonce }),
  });
}

/** `true` or `"true"` (some providers send a string): anything else is not verified. */
function verified(value: unknown): boolean {
  return value === true || value === 'true';
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/**
 * Finishes the sign-in from the callback's query: the library checks the response against the
 * expected `state` (and `iss` when the provider sends it), redeems the code with the PKCE verifier,
 * and checks the ID token; then the profile comes from the ID token and the UserInfo endpoint.
 */
export async function finishAuthorization(
  provider: SignInProvider,
  callbackQuery: URLSearchParams,
  checks: { state: string; nonce?: string; codeVerifier: string },
): Promise<ProviderProfile> {
  const config = await configurationFor(provider);
  // The URL the provider was given, with the query the browser brought back: never the request's own host.
  const current = new URL(redirectUri(provider.id));
  current.search = callbackQuery.toString();
  try {
    const tokens = await client.authorizationCodeGrant(config, current, {
      expectedState: checks.state,
      pkceCodeVerifier: checks.codeVerifier,
      ...(provider.kind === 'oidc' ? { expectedNonce: checks.nonce ?? '', idTokenExpected: true } : {}),
    });
    if (provider.kind === 'github') return await githubProfile(config, tokens.access_token);
    const claims = tokens.claims();
    if (!claims) throw new ProviderFlowError('invalid_response', 'no ID token');
    let info: Record<string, unknown> = {};
    if (config.serverMetadata().userinfo_endpoint) {
      info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
    }
    const email = text(info.email) ?? text(claims.email);
    const fromInfo = text(info.email) !== null;
    return {
      provider: provider.id,
      authScheme: 'openid connect',
      subject: claims.sub,
      email,
      emailVerified: email !== null && verified(fromInfo ? info.email_verified : claims.email_verified),
      displayName: text(info.name) ?? text(claims.name),
      username: text(info.preferred_username) ?? text(claims.preferred_username),
    };
  } catch (error) {
    throw classify(error);
  }
}

/** Sorts a library or network error into a reason; the detail (never a secret) goes to the log. */
function classify(error: unknown): ProviderFlowError {
  if (error instanceof ProviderFlowError) return error;
  if (error instanceof client.AuthorizationResponseError) {
    // `access_denied` is the person saying no; anything else the provider reports is its error.
    return new ProviderFlowError(error.error === 'access_denied' ? 'cancelled' : 'provider_error', `authorization response: ${error.error}`);
  }
  if (error instanceof client.ResponseBodyError) return new ProviderFlowError('provider_error', `provider answered ${error.status} ${error.error}`);
  if (error instanceof client.WWWAuthenticateChallengeError)
    return new ProviderFlowError('provider_error', `provider answered ${error.status} with a challenge`);
  const cause = error instanceof Error ? error : null;
  if (
    cause &&
    (cause.name === 'TimeoutError' || cause.name === 'AbortError' || (cause instanceof TypeError && /fetch failed/i.test(cause.message)))
  ) {
    return new ProviderFlowError('provider_unavailable', describeError(cause));
  }
  if (cause instanceof client.ClientError) {
    const code = (cause as { code?: string }).code ?? '';
    // The state checks are the library's: a response whose `state` is not the one we sent.
    if (/state/i.test(cause.message) && code === 'OAUTH_INVALID_RESPONSE') return new ProviderFlowError('state_mismatch', cause.message);
    if (code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' || code === 'OAUTH_RESPONSE_IS_NOT_JSON')
      return new ProviderFlowError('provider_unavailable', `${code}: ${cause.message}`);
    return new ProviderFlowError('invalid_response', `${code}: ${cause.message}`);
  }
  return new ProviderFlowError('invalid_response', describeError(error));
}
