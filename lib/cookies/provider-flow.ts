import 'server-only';
import { sealData, unsealData } from 'iron-session';
import { derivedKey } from '@/lib/secrets';
import { clearedHostCookie, hostCookie, type HostCookie } from './host-cookie';

/**
 * What a sign-in at a provider must find again when the browser comes back to the callback: the
 * `state`, `nonce` and PKCE verifier sent with it, where to go next, and whether it links the
 * provider to a signed-in account. Sealed (iron-session, a key of its own) in a cookie of this
 * browser that lives ten minutes and is dropped at the callback, so a callback URL is good once,
 * in the browser that started it. SameSite=Lax: the provider sends the browser back with a
 * top-level GET from its own site, which Lax allows and a Strict cookie would miss.
 */
const BASE_NAME = 'latchkey-provider-flow';
const PROVIDER_FLOW_SECONDS = 600;
const flowCookie = hostCookie(BASE_NAME, { maxAge: PROVIDER_FLOW_SECONDS });
export const PROVIDER_FLOW_COOKIE = flowCookie.name;

export interface ProviderFlow {
  provider: string;
  state: string;
  /** OpenID Connect only. */
  nonce?: string;
  codeVerifier: string;
  /** A checked local path. */
  next: string | null;
  /** `link`: attach the provider to `userId`, who must still be the one signed in at the callback. */
  intent: 'login' | 'link';
  userId?: number;
}

const password = () => derivedKey('provider-flow-cookie').toString('base64url');

export async function providerFlowCookie(flow: ProviderFlow): Promise<HostCookie & { value: string }> {
  return { ...flowCookie, value: await sealData(flow, { password: password(), ttl: PROVIDER_FLOW_SECONDS }) };
}

/** The flow in the cookie's value; null when absent, expired, tampered or not of this shape. */
export async function readProviderFlow(value: string | undefined): Promise<ProviderFlow | null> {
  if (!value || value.length > 4096) return null;
  try {
    const data = await unsealData<Partial<ProviderFlow>>(value, { password: password(), ttl: PROVIDER_FLOW_SECONDS });
    const { provider, state, nonce, codeVerifier, next, intent, userId } = data;
    if (typeof provider !== 'string' || typeof state !== 'string' || typeof codeVerifier !== 'string' || state === '' || codeVerifier === '')
      return null;
    if (intent !== 'login' && intent !== 'link') return null;
    if (intent === 'link' && typeof userId !== 'number') return null;
    return {
      provider,
      state,
      codeVerifier,
      intent,
      next: typeof next === 'string' ? next : null,
      ...(typeof nonce === 'string' && { nonce }),
      ...(typeof userId === 'number' && { userId }),
    };
  } catch {
    return null;
  }
}

export const clearedProviderFlowCookie = () => clearedHostCookie(BASE_NAME);
