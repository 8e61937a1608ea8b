import { providerRoute, startProviderFlow } from '@/lib/oidc/flow';

/** `GET /auth/<provider>`: off to the provider to sign in (LoopBack passport's path). A link, not a form: see lib/oidc/flow.ts. */
export const GET = providerRoute((request, provider) => startProviderFlow(request, provider, 'login'));
