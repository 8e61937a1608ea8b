export { errorResponse, json, noContent } from './errors';
export { readBody, type Body } from './body';
export { extractAccessToken } from './token';
export { authenticate, authFailure, requireOwner, type OwnerCheck, type RequestAuth } from './authenticate';
export { route, databaseUnavailable, denied, deniedVerbs, noMethod, isStub, stub } from './route';
export { requestContext } from './client-address';
export { safeRedirect } from './safe-redirect';
export { readFilter, applyFilter, type ReadFilter } from './filter';
