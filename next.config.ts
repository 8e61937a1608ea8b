import type { NextConfig } from 'next';
import { baseSecurityHeaders } from './lib/http/security-headers';

const nextConfig: NextConfig = {
  // Lets a test run or a benchmark build into its own folder beside a developer's `.next`.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // PGlite ships WebAssembly and data files that must be loaded from node_modules, not bundled.
  serverExternalPackages: ['@electric-sql/pglite'],
  poweredByHeader: false,
  reactStrictMode: true,
  async headers() {
    return [
      { source: '/:path*', headers: baseSecurityHeaders(process.env.NODE_ENV === 'production') },
      // The confirmation link carries its token until the page redirects to a clean URL.
      { source: '/verify', headers: [{ key: 'Referrer-Policy', value: 'no-referrer' }] },
    ];
  },
};

export default nextConfig;
