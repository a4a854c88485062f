/**
 * Import rules: the floors of docs/architecture.md ("Floors"), checked by `npm run lint`.
 * Imports run down only; a rule below forbids each way up, and circles are forbidden anywhere.
 * Test files (*.test.ts) sit beside the code they test and may also use test/ and seed/.
 */
const TEST_FILE = '\\.test\\.tsx?$';
/** Folders of app/ that are not domain areas (everything else under app/ is an area). */
const PLUMBING = '^app/(components|forms|jobs|server)/|^app/(http|lifecycle)\\.server\\.ts$';
const LEAVES = '^lib/|^app/money/|^app/(ids|config\\.server|tokens\\.server)\\.ts$';
const AREAS = '^app/(?!routes/|components/|forms/|jobs/|server/|money/)[^/]+/';
const ENTRANCES = '^(server\\.ts$|bench/|e2e/|\\.ci/)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'Modules that import each other (directly or round a loop) belong together or apart.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'entrances-are-top',
      severity: 'error',
      comment: 'server.ts, bench/, e2e/ and CI scripts start things; nothing imports them.',
      from: { pathNot: `${ENTRANCES}|${TEST_FILE}` },
      to: { path: ENTRANCES },
    },
    {
      name: 'routes-are-loaded-by-remix',
      severity: 'error',
      comment: 'Only Remix loads app/routes/: shared code lives in app/<area>/ or app/components/.',
      from: { pathNot: `^app/routes/|${TEST_FILE}` },
      to: { path: '^app/routes/' },
    },
    {
      name: 'app-does-not-import-workers',
      severity: 'error',
      comment: 'workers/ runs tasks and imports app/, never the reverse (task names: app/jobs/).',
      from: { path: '^(app|db|lib|seed|emails)/', pathNot: TEST_FILE },
      to: { path: '^workers/' },
    },
    {
      name: 'seed-is-above-the-app',
      severity: 'error',
      comment:
        'seed/ (factories, demo brand) builds rows through app/; only tests and entrances use it.',
      from: { path: '^(app|db|lib|emails|workers)/', pathNot: TEST_FILE },
      to: { path: '^seed/' },
    },
    {
      name: 'test-helpers-do-not-ship',
      severity: 'error',
      comment: 'test/ is test infrastructure; production code never imports it.',
      from: { path: '^(app|db|lib|seed|emails|workers)/', pathNot: TEST_FILE },
      to: { path: '^test/' },
    },
    {
      name: 'plumbing-is-below-the-areas',
      severity: 'error',
      comment: 'app/jobs, app/server, app/forms, app/components serve every area and know none.',
      from: { path: PLUMBING, pathNot: TEST_FILE },
      to: { path: `${AREAS}|^app/routes/|^seed/|^workers/|^emails/` },
    },
    {
      name: 'db-imports-nothing-from-app',
      severity: 'error',
      comment: 'db/ is the floor below app/: it may use only lib/ and packages.',
      from: { path: '^db/', pathNot: TEST_FILE },
      to: { path: '^(app|seed|workers|emails)/' },
    },
    {
      name: 'leaves-import-only-leaves',
      severity: 'error',
      comment: 'lib/, app/money, ids, config and tokens are leaves: they import no other floor.',
      from: { path: LEAVES, pathNot: TEST_FILE },
      to: { path: '^(app|db|lib|seed|workers|emails|test)/', pathNot: LEAVES },
    },
    {
      name: 'email-templates-are-leaves',
      severity: 'error',
      comment: 'emails/ templates render what they are given; they import no app code.',
      from: { path: '^emails/' },
      to: { path: '^(app|db|lib|seed|workers|test)/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing is a typo or a missing package.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: {
      path: '^(node_modules|build|\\.data|db/migrations|test-results|playwright-report)/',
    },
    // Type-only imports count: a circle of types is still a circle between modules.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts'],
    },
  },
};
