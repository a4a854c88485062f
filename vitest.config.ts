import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '~': new URL('./app', import.meta.url).pathname } },
  test: {
    include: ['{app,db,lib,seed,workers,emails,server,test}/**/*.test.{ts,tsx}', 'server.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup-db.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
