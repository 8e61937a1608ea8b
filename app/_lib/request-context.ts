import 'server-only';
import '@/lib/auth-setup';
import { headers } from 'next/headers';
import type { RequestContext } from '@/lib/auth';
import { requestContext } from '@/lib/http/client-address';

/**
 * What lib/auth needs to know about the visitor behind a server action (address, browser) for
 * throttling, the audit trail and session names: the same as the REST handlers pass.
 */
export async function actionContext(): Promise<RequestContext> {
  return requestContext(await headers());
}
