import 'server-only';
import '@/lib/auth-setup';
import { NextRequest, NextResponse } from 'next/server';
import { linkIdentity, recordEvent, recordProviderFailure, signInWithIdentity, type AuthFailure, type RequestContext } from '@/lib/auth';
import { beginPendingLogin } from '@/lib/auth/pending-login';
import { consume, refund } from '@/lib/auth/throttle';
import { sourceKeyOf } from '@/lib/auth/source-address';
import {
  clearedProviderFlowCookie,
  providerFlowCookie,
  PROVIDER_FLOW_COOKIE,
  readProviderFlow,
  type ProviderFlow,
} from '@/lib/cookies/provider-flow';
import { pendingLoginCookie } from '@/lib/cookies/pending-login';
import { SESSION_COOKIE, sessionCookie, sessionFromCookie } from '@/lib/cookies/session';
import { env } from '@/lib/env';
import { requestContext } from '@/lib/http/client-address';
import { safeRedirect } from '@/lib/http/safe-redirect';
import { describeError } from '@/lib/log';
import { databaseUnavailableCode } from '@/lib/db/unavailable';
import { ProviderFlowError, type ProviderFailureReason } from './errors';
import { authorizationUrl, finishAuthorization, newChecks } from './protocol';
import { findSignInProvider, type SignInProvider } from './providers';

/**
 * The doors of a sign-in at a provider (LoopBack passport's paths): `GET /auth/<id>` and
 * `GET /link/<id>` send the browser to the provider, `GET /auth/<id>/callback` brings it back.
 * They read the request and write the response themselves (no Next request scope), so tests call
 * them as they are. Every failure ends on a page with a fixed message: `/login?error=<key>`, or
 * `/account?error=<key>` for a link, with no session started.
 */

/** What the pages show for a failure: a fixed key, and the provider's id for its name. */
export type ProviderFailureKey =
  | 'cancelled'
  | 'state'
  | 'provider-error'
  | 'provider-unavailable'
  | 'invalid-response'
  | 'no-verified-email'
  | 'account-exists'
  | 'identity-taken'
  | 'email-not-verified'
  | 'signup-not-available'
  | 'unknown-provider'
  | 'throttled'
  | 'database-unavailable'
  | 'failed';

const REASON_KEYS: Record<ProviderFailureReason, ProviderFailureKey> = {
  cancelled: 'cancelled',
  state_mismatch: 'state',
  provider_error: 'provider-error',
  provider_unavailable: 'provider-unavailable',
  invalid_response: 'invalid-response',
};

const CODE_KEYS: Record<string, ProviderFailureKey> = {
  NO_VERIFIED_EMAIL: 'no-verified-email',
  ACCOUNT_EXISTS: 'account-exists',
  IDENTITY_TAKEN: 'identity-taken',
  LOGIN_FAILED_EMAIL_NOT_VERIFIED: 'email-not-verified',
  SIGNUP_NOT_AVAILABLE: 'signup-not-available',
};

const CALLBACK_KEY = (address: string | null | undefined) => `provider-callback:${sourceKeyOf(address)}`;

function pageUrl(path: string, params: Record<string, string | undefined> = {}, hash = ''): URL {
  const url = new URL(path, env.APP_URL);
  for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(name, value);
  url.hash = hash;
  return url;
}

function redirectTo(url: URL | string): NextResponse {
  const response = NextResponse.redirect(url, 303);
  response.headers.set('cache-control', 'no-store');
  return response;
}

function failurePage(key: ProviderFailureKey, provider: SignInProvider | undefined, intent: ProviderFlow['intent'] = 'login'): NextResponse {
  const params = { error: key, provider: provider?.id };
  return redirectTo(intent === 'link' ? pageUrl('/account', params, 'sign-in-methods') : pageUrl('/login', params));
}

function withoutFlowCookie(response: NextResponse): NextResponse {
  const cleared = clearedProviderFlowCookie();
  response.cookies.set(cleared.name, cleared.value, cleared.options);
  return response;
}

function logFailure(provider: string, reason: string, detail: string): void {
  console.warn(`[latchkey] sign-in with ${provider} failed: ${reason} (${detail})`);
}

/** `GET /auth/<id>` (intent `login`) and `GET /link/<id>` (intent `link`, signed in). */
export async function startProviderFlow(request: Request, providerId: string, intent: ProviderFlow['intent']): Promise<Response> {
  const req = request instanceof NextRequest ? request : new NextRequest(request);
  const provider = findSignInProvider(providerId);
  const session = await sessionFromCookie(req.cookies.get(SESSION_COOKIE)?.value);
  if (!provider) return failurePage('unknown-provider', undefined, session && intent === 'link' ? 'link' : 'login');
  const requested = req.nextUrl.searchParams.get('next');
  const next = requested !== null && requested.length <= 512 ? safeRedirect(requested) : null;
  let userId: number | undefined;
  if (intent === 'link') {
    if (!session) return redirectTo(pageUrl('/login', { next: `/link/${provider.id}` }));
    userId = session.user.id;
  } else if (session) {
    // Already signed in: nothing to do here (linking is /link/<id>).
    return redirectTo(pageUrl(next ?? '/account'));
  }
  const checks = newChecks(provider);
  let target: URL;
  try {
    target = await authorizationUrl(provider, checks);
  } catch (error) {
    const failure = error instanceof ProviderFlowError ? error : new ProviderFlowError('provider_unavailable', describeError(error));
    logFailure(provider.id, failure.reason, failure.message);
    await recordProviderFailure(failure.reason, { ...requestContext(request.headers), userId });
    return failurePage(REASON_KEYS[failure.reason], provider, intent);
  }
  const cookie = await providerFlowCookie({
    provider: provider.id,
    ...checks,
    next: intent === 'link' ? '/account' : next,
    intent,
    ...(userId !== undefined && { userId }),
  });
  const response = redirectTo(target);
  response.cookies.set(cookie.name, cookie.value, cookie.options);
  return response;
}

/** `GET /auth/<id>/callback`: the browser back from the provider. */
export async function finishProviderFlow(request: Request, providerId: string): Promise<Response> {
  const req = request instanceof NextRequest ? request : new NextRequest(request);
  const context: RequestContext & { sourceAddress: string } = requestContext(request.headers);
  const provider = findSignInProvider(providerId);
  const flow = await readProviderFlow(req.cookies.get(PROVIDER_FLOW_COOKIE)?.value);
  const intent = flow?.intent ?? 'login';
  // The flow cookie is good for one callback, whatever happens next: a replayed URL finds none.
  const fail = async (reason: string, key: ProviderFailureKey, detail: string, audited = false) => {
    logFailure(providerId.slice(0, 40), reason, detail);
    if (!audited) await recordProviderFailure(reason, { ...context, userId: flow?.userId });
    return withoutFlowCookie(failurePage(key, provider, intent));
  };
  if (!provider) return fail('unknown_provider', 'unknown-provider', 'no such provider');

  // Counted before any work and given back on success, so only failures use up the allowance.
  const sourceKey = CALLBACK_KEY(context.sourceAddress);
  const verdict = await consume(sourceKey, env.LOGIN_SOURCE_LIMIT, env.LOGIN_SOURCE_WINDOW);
  if (!verdict.allowed) {
    await recordEvent({ type: 'throttled', outcome: 'failure', reason: 'provider_callback', userId: flow?.userId }, context);
    return fail('throttled', 'throttled', 'too many failed callbacks from this source', true);
  }

  const query = req.nextUrl.searchParams;
  const state = query.get('state');
  if (!flow || flow.provider !== provider.id || state === null || state !== flow.state) {
    return fail('state_mismatch', 'state', flow ? 'state is not the one sent' : 'no flow cookie (expired, used, or another browser)');
  }

  let profile;
  try {
    profile = await finishAuthorization(provider, query, flow);
  } catch (error) {
    const failure = error instanceof ProviderFlowError ? error : new ProviderFlowError('invalid_response', describeError(error));
    return fail(failure.reason, REASON_KEYS[failure.reason], failure.message);
  }

  if (flow.intent === 'link') {
    const session = await sessionFromCookie(req.cookies.get(SESSION_COOKIE)?.value);
    if (!session || session.user.id !== flow.userId) return fail('session_changed', 'state', 'the session that started the link has ended');
    const linked = await linkIdentity(session.user.id, profile, context);
    if (!linked.ok) return fail(linked.error.code ?? 'refused', keyFor(linked.error), linked.error.message, true);
    await refund(sourceKey);
    return withoutFlowCookie(redirectTo(pageUrl('/account', { linked: provider.id }, 'sign-in-methods')));
  }

  const signedIn = await signInWithIdentity(profile, { ...context, browser: true });
  if (!signedIn.ok && signedIn.error.code === 'OTP_REQUIRED' && signedIn.error.userId !== undefined) {
    // TWO_FACTOR_THIRD_PARTY_LOGIN: the provider vouched for the person; the code is still to come,
    // on the same second-step page a password login goes on to, with the account in a sealed cookie.
    const pending = await beginPendingLogin(signedIn.error.userId);
    if (pending) {
      await refund(sourceKey);
      const response = withoutFlowCookie(redirectTo(pageUrl('/login/two-factor')));
      const cookie = await pendingLoginCookie({ ...pending, next: flow.next });
      response.cookies.set(cookie.name, cookie.value, cookie.options);
      return response;
    }
  }
  if (!signedIn.ok) return fail(signedIn.error.code ?? 'refused', keyFor(signedIn.error), signedIn.error.message, true);
  await refund(sourceKey);
  const response = withoutFlowCookie(redirectTo(pageUrl(flow.next ?? '/account')));
  const session = await sessionCookie(signedIn.value.token);
  response.cookies.set(session.name, session.value, session.options);
  return response;
}

function keyFor(failure: AuthFailure): ProviderFailureKey {
  if (failure.status === 429) return 'throttled';
  return CODE_KEYS[failure.code ?? ''] ?? 'failed';
}

type Params = { params: Promise<{ provider: string }> };

/** A route handler for one of the doors: a surprise ends on the login page too, never a stack. */
export function providerRoute(door: (request: Request, providerId: string) => Promise<Response>) {
  return async (request: Request, { params }: Params): Promise<Response> => {
    const { provider } = await params;
    try {
      return await door(request, provider);
    } catch (error) {
      const unavailable = databaseUnavailableCode(error);
      if (unavailable !== undefined) {
        console.error(`[latchkey] sign-in with ${provider.slice(0, 40)}: database not reachable (${unavailable})`);
        return withoutFlowCookie(failurePage('database-unavailable', undefined));
      }
      console.error(`[latchkey] sign-in with ${provider.slice(0, 40)} failed unexpectedly: ${describeError(error)}`);
      return withoutFlowCookie(failurePage('failed', undefined));
    }
  };
}
