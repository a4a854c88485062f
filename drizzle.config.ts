import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema/index.ts',
  out: './db/migrations',
  // Only `drizzle-kit generate` is used (migrations are applied by db/migrate.ts at start-up),
  // so no connection is needed here.
});
