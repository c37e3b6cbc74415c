import path from 'node:path'
import { defineConfig } from 'vitest/config'
import { BaseSequencer, type TestSpecification } from 'vitest/node'

// Vitest's order (longest or largest files first, project by project), except that the files that
// run long programs of their own start the run: the type check (tsc), and the first browser file
// and the first weapp file, which build the H5 and weapp apps (tests/support/build.ts). They then
// run beside the other tests instead of leaving a worker idle behind them at the end.
const startFirst = ['tests/unit/typecheck.test.ts', 'tests/e2e/', 'tests/weapp/']

class LongProgramsFirstSequencer extends BaseSequencer {
  async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files)
    const leaders = startFirst.flatMap((start) => sorted.find((file) => file.moduleId.includes(`/${start}`)) ?? [])
    return [...leaders, ...sorted.filter((file) => !leaders.includes(file))]
  }
}

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
