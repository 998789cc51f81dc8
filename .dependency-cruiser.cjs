// The dependency rule of DESIGN.md, enforced in `npm test`.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'src/domain imports only luxon, zod and itself: no I/O, no other layer.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { pathNot: ['^src/domain/', 'node_modules/(luxon|zod|@types/luxon)/'] },
    },
    {
      name: 'app-depends-on-domain-only',
      comment: 'Use cases see the domain and their own ports, never db/, adapters/ or the CLI.',
      severity: 'error',
      from: { path: '^src/app/' },
      to: { path: ['^db/', '^adapters/', '^src/cli/', '^src/main\\.ts$', '^src/config\\.ts$'] },
    },
    {
      name: 'db-implements-ports',
      comment: 'db/ may use the domain and the app ports, never adapters or the CLI.',
      severity: 'error',
      from: { path: '^db/' },
      to: { path: ['^adapters/', '^src/cli/', '^src/main\\.ts$'] },
    },
    {
      name: 'adapters-never-touch-db',
      comment: 'Adapters translate chat platforms to use cases; storage is reached through ports only.',
      severity: 'error',
      from: { path: '^adapters/' },
      to: { path: ['^db/', '^src/cli/', '^src/main\\.ts$'] },
    },
    {
      name: 'only-the-composition-root-wires-db',
      comment: 'Only src/main.ts and the CLI wiring (src/cli/) know db/ and adapters/ together.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/main\\.ts$', '^src/cli/'] },
      to: { path: ['^db/', '^adapters/'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
