/**
 * Sends the requests real LoopBack 3 clients make (`curl -u TOKEN:`, lb-ng, the Android and iOS
 * SDKs) to a running Latchkey and to a LoopBack 3 server side by side, and prints both answers.
 *
 *   npx tsx scripts/compare-loopback-clients.ts http://localhost:3000 http://127.0.0.1:3100
 *
 * Exits 1 when the statuses differ, or the bodies differ other than by the deliberate differences
 * the README lists (the user JSON always carries `emailVerified`; ids, tokens and times differ).
 */
import { randomBytes } from 'node:crypto';

type Answer = { status: number; body: unknown };
type Step = { name: string; run: (server: Server) => Promise<Answer> };

interface Server {
  base: string;
  email: string;
  password: string;
  token?: string;
  userId?: number;
}

async function send(
  server: Server,
  method: string,
  path: string,
  options: { json?: unknown; form?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.form !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = options.form;
  }
  const response = await fetch(`${server.base}/api${path}`, { method, headers, body });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : '' };
}

const basic = (token: string) => `Basic ${Buffer.from(`${token}:`).toString('base64')}`;
const filter = (value: unknown) => `filter=${encodeURIComponent(typeof value === 'string' ? value : JSON.stringify(value))}`;

const steps: Step[] = [
  { name: 'sign up', run: (s) => send(s, 'POST', '/Users', { json: { email: s.email, password: s.password, username: s.email.split('@')[0] } }) },
  {
    name: 'lb-ng login ?include=user&rememberMe=true',
    run: async (s) => {
      const answer = await send(s, 'POST', '/Users/login?include=user&rememberMe=true', { json: { email: s.email, password: s.password } });
      const body = answer.body as { id: string; userId: number };
      s.token = body.id;
      s.userId = body.userId;
      return answer;
    },
  },
  { name: 'lb-ng getCurrent GET /Users/<id>', run: (s) => send(s, 'GET', `/Users/${s.userId}`, { headers: { authorization: s.token! } }) },
  { name: 'lb-ng getCurrent before login (__anonymous__)', run: (s) => send(s, 'GET', '/Users/__anonymous__') },
  {
    name: 'filter fields (JSON)',
    run: (s) => send(s, 'GET', `/Users/${s.userId}?${filter({ fields: ['email'] })}`, { headers: { authorization: s.token! } }),
  },
  {
    name: 'filter fields false',
    run: (s) => send(s, 'GET', `/Users/${s.userId}?${filter({ fields: { email: false } })}`, { headers: { authorization: s.token! } }),
  },
  {
    name: 'filter fields (brackets)',
    run: (s) => send(s, 'GET', `/Users/${s.userId}?filter[fields][email]=true`, { headers: { authorization: s.token! } }),
  },
  {
    name: 'filter where (ignored)',
    run: (s) => send(s, 'GET', `/Users/${s.userId}?${filter({ where: { id: 0 } })}`, { headers: { authorization: s.token! } }),
  },
  { name: 'filter not an object', run: (s) => send(s, 'GET', `/Users/${s.userId}?${filter('[1]')}`, { headers: { authorization: s.token! } }) },
  { name: 'filter malformed, anonymous', run: (s) => send(s, 'GET', `/Users/${s.userId}?${filter('{bad')}`) },
  { name: 'curl -u TOKEN:', run: (s) => send(s, 'GET', `/Users/${s.userId}`, { headers: { authorization: basic(s.token!) } }) },
  { name: 'Basic with an unknown token', run: (s) => send(s, 'GET', `/Users/${s.userId}`, { headers: { authorization: basic('nonsense') } }) },
  {
    name: 'SDK change-password (form body)',
    run: (s) =>
      send(s, 'POST', '/Users/change-password', {
        form: `oldPassword=${s.password}&newPassword=amber7falcon2`,
        headers: { authorization: s.token! },
      }),
  },
  { name: 'SDK reset', run: (s) => send(s, 'POST', '/Users/reset', { json: { email: s.email } }) },
  { name: 'SDK logout (raw token)', run: (s) => send(s, 'POST', '/Users/logout', { headers: { authorization: s.token! } }) },
  { name: 'read after logout', run: (s) => send(s, 'GET', `/Users/${s.userId}`, { headers: { authorization: s.token! } }) },
];

/** Ids, tokens and times differ between servers by nature; `emailVerified` is a listed difference. */
function normalized(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalized);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value)
    .filter(([key]) => key !== 'emailVerified')
    .map(([key, item]): [string, unknown] => [key, ['id', 'userId', 'created', 'email', 'username'].includes(key) ? typeof item : normalized(item)]);
  return Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)));
}

async function main(): Promise<void> {
  const [latchkey, loopback] = process.argv.slice(2);
  if (!latchkey || !loopback) {
    console.error('usage: npx tsx scripts/compare-loopback-clients.ts <latchkey base URL> <loopback base URL>');
    process.exit(2);
  }
  const id = randomBytes(4).toString('hex');
  const servers: Server[] = [latchkey, loopback].map((base) => ({ base, email: `client-${id}@example.com`, password: 'velvet9heron' }));
  let differences = 0;
  for (const step of steps) {
    const [ours, theirs] = [await step.run(servers[0]!), await step.run(servers[1]!)];
    const same = ours.status === theirs.status && JSON.stringify(normalized(ours.body)) === JSON.stringify(normalized(theirs.body));
    if (!same) differences++;
    console.log(`${same ? 'same' : 'DIFF'}  ${step.name}`);
    console.log(`      latchkey ${ours.status} ${JSON.stringify(ours.body)}`);
    console.log(`      loopback ${theirs.status} ${JSON.stringify(theirs.body)}`);
  }
  console.log(differences === 0 ? 'every shape answers alike' : `${differences} difference(s)`);
  process.exit(differences === 0 ? 0 : 1);
}

void main();
