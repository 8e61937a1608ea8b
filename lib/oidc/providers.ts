import { env } from '@/lib/env';

/** A sign-in provider as the pages show it: the id in its paths and the name on its button. */
export interface SignInProvider {
  id: string;
  name: string;
  kind: 'oidc' | 'github';
}

/** Every configured provider, in the order OIDC_PROVIDERS names them, GitHub last. */
export function signInProviders(): SignInProvider[] {
  const list: SignInProvider[] = env.oidcProviders.map((p) => ({ id: p.id, name: p.name, kind: 'oidc' }));
  if (env.GITHUB_CLIENT_ID !== undefined && env.GITHUB_CLIENT_SECRET !== undefined) list.push({ id: 'github', name: 'GitHub', kind: 'github' });
  return list;
}

export function findSignInProvider(id: unknown): SignInProvider | undefined {
  return typeof id === 'string' ? signInProviders().find((p) => p.id === id) : undefined;
}

/** Where the provider sends the browser back: always from APP_URL, never from the request. */
export function redirectUri(providerId: string): string {
  return new URL(`/auth/${providerId}/callback`, env.APP_URL).href;
}
