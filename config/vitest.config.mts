import path from 'node:path'
import { defineConfig } from 'vitest/config'
import LongProgramsFirstSequencer from '../tests/support/sequencer'

export default defineConfig({
  test: {
    root: path.resolve(import.meta.dirname, '..'),
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 180_000,
    reporters: ['default', './tests/support/totals-reporter.ts'],
    sequence: { sequencer: LongProgramsFirstSequencer },
    projects: [
      // Unit, database and API tests share their worker processes (their modules and PGlite's
      // WebAssembly are loaded once per worker, not once per file): each file starts its own
      // database and API and keeps no state between files. `npm run test:fast` runs these.
      {
        extends: true,
        test: {
          name: 'fast',
          include: ['tests/{unit,db,api,contract}/**/*.test.ts'],
          isolate: false,
          globalSetup: ['tests/support/setup-database.ts'],
        },
      },
      // Browsers, the mini-program's runtime, PostgreSQL servers and our command-line programs run
      // as people run them: each file in a fresh process.
      {
        extends: true,
        test: {
          name: 'full',
          include: ['tests/{e2e,weapp,concurrency,cli}/**/*.test.ts'],
          globalSetup: ['tests/support/setup-database.ts', 'tests/support/setup-tools.ts'],
        },
      },
    ],
  },
})
