/**
 * Walks Latchkey's provider doors as a browser would, calling the route handlers directly:
 * `GET /auth/<id>` (or `/link/<id>`), the provider's own pages, then the callback. The browser's
 * cookies for Latchkey are kept in a jar of their own.
 */
import { CookieJar, signInAtProvider, type TestAccount } from './oidc-provider';

type Door = (request: Request, context: { params: Promise<{ provider: string }> }) => Promise<Response>;

export interface Doors {
  start: Door;
  link: Door;
  callback: Door;
}

export interface Step {
  status: number;
  location: URL | null;
  response: Response;
}

/** One browser: its cookies for Latchkey and the address it calls from. */
export class TestBrowser {
  readonly jar = new CookieJar();

  constructor(
    private readonly doors: Doors,
    readonly peer = '203.0.113.7',
  ) {}

  async call(door: keyof Doors, provider: string, path: string): Promise<Step> {
    const headers = new Headers({ 'user-agent': 'TestBrowser/1.0', 'x-latchkey-peer': `${process.env.LATCHKEY_PEER_KEY} ${this.peer}` });
    const cookie = this.jar.header();
    if (cookie) headers.set('cookie', cookie);
    const response = await this.doors[door](new Request(`http://latchkey.test${path}`, { headers }), { params: Promise.resolve({ provider }) });
    this.jar.take(response);
    const location = response.headers.get('location');
    return { status: response.status, location: location ? new URL(location) : null, response };
  }

  /** `GET /auth/<id>` (or `/link/<id>`): the provider's authorization URL it redirects to. */
  async begin(provider: string, options: { link?: boolean; next?: string } = {}): Promise<Step> {
    const query = options.next === undefined ? '' : `?next=${encodeURIComponent(options.next)}`;
    return this.call(options.link ? 'link' : 'start', provider, `/${options.link ? 'link' : 'auth'}/${provider}${query}`);
  }

  /** Back from the provider at `url` (the callback with its query). */
  async back(provider: string, url: URL): Promise<Step> {
    return this.call('callback', provider, `${url.pathname}${url.search}`);
  }

  /** The whole trip: begin, sign in at the provider as `account` (or cancel), come back. */
  async signIn(provider: string, account: TestAccount | 'cancel', options: { link?: boolean; next?: string } = {}): Promise<Step> {
    const started = await this.begin(provider, options);
    if (!started.location || started.location.origin === 'http://latchkey.test') throw new Error(`did not go to the provider: ${started.location}`);
    return this.back(provider, await signInAtProvider(started.location, account));
  }

  cookie(name: string): string | undefined {
    return new Map(
      this.jar
        .header()
        .split('; ')
        .filter(Boolean)
        .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
    ).get(name);
  }
}
