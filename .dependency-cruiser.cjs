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

/**
 * A floor rule: files matching `from` (other than tests) may not import files matching `to`
 * (except those matching `toNot`).
 * @returns {import('dependency-cruiser').IForbiddenRuleType}
 */
function floor(name, comment, from, to, toNot) {
  return {
    name,
    severity: 'error',
    comment,
    from: { path: from, pathNot: TEST_FILE },
    to: toNot ? { path: to, pathNot: toNot } : { path: to },
  };
}

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
    floor(
      'app-does-not-import-workers',
      'workers/ runs tasks and imports app/, never the reverse (task names: app/jobs/).',
      '^(app|db|lib|seed|emails)/',
      '^workers/',
    ),
    floor(
      'seed-is-above-the-app',
      'seed/ (factories, demo brand) builds rows through app/; only tests and entrances use it.',
      '^(app|db|lib|emails|workers)/',
      '^seed/',
    ),
    floor(
      'test-helpers-do-not-ship',
      'test/ is test infrastructure; production code never imports it.',
      '^(app|db|lib|seed|emails|workers)/',
      '^test/',
    ),
    floor(
      'plumbing-is-below-the-areas',
      'app/jobs, app/server, app/forms, app/components serve every area and know none.',
      PLUMBING,
      `${AREAS}|^app/routes/|^seed/|^workers/|^emails/`,
    ),
    floor(
      'db-imports-nothing-from-app',
      'db/ is the floor below app/: it may use only lib/ and packages.',
      '^db/',
      '^(app|seed|workers|emails)/',
    ),
    floor(
      'leaves-import-only-leaves',
      'lib/, app/money, ids, config and tokens are leaves: they import no other floor.',
      LEAVES,
      '^(app|db|lib|seed|workers|emails|test)/',
      LEAVES,
    ),
    floor(
      'email-templates-are-leaves',
      'emails/ templates render what they are given; they import no app code.',
      '^emails/',
      '^(app|db|lib|seed|workers|test)/',
    ),
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
