import { providerRoute, startProviderFlow } from '@/lib/oidc/flow';

/** `GET /link/<provider>`: attach an account at the provider to the signed-in user. */
export const GET = providerRoute((request, provider) => startProviderFlow(request, provider, 'link'));
