import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Latchkey', template: '%s · Latchkey' },
  description: 'Sign up, sign in, and get back in.',
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  colorScheme: 'light dark',
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#f6f7f9' },
    { media: '(prefers-color-scheme: dark)', color: '#0f1115' },
  ],
};

function Logo() {
  return (
    <svg className="logo" width="28" height="28" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="8" fill="currentColor" />
      <circle cx="12" cy="16" r="5" fill="none" stroke="var(--logo-ink)" strokeWidth="2.5" />
      <path d="M17 16h9m-3 0v4m-3-4v3" fill="none" stroke="var(--logo-ink)" strokeWidth="2.5" strokeLinecap="round" />
    </svg>
  );
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request: the Content-Security-Policy nonce (proxy.ts) is new each
  // time, and Next can only put it on the scripts of a page it renders now.
  await connection();
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <Link href="/" className="brand">
            <Logo />
            <span>Latchkey</span>
          </Link>
        </header>
        {children}
        <footer className="site-footer">
          <p>Latchkey · accounts that stay yours</p>
        </footer>
      </body>
    </html>
  );
}
