import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Lets a test run or a benchmark build into its own folder beside a developer's `.next`.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // PGlite ships WebAssembly and data files that must be loaded from node_modules, not bundled.
  serverExternalPackages: ['@electric-sql/pglite'],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
