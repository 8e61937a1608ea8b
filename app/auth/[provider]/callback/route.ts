import { finishProviderFlow, providerRoute } from '@/lib/oidc/flow';

/** `GET /auth/<provider>/callback`: back from the provider. */
export const GET = providerRoute(finishProviderFlow);
