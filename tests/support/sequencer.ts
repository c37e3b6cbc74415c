import { BaseSequencer, type TestSpecification } from 'vitest/node'

// Vitest's order (longest or largest files first, project by project), except that the files
// that run long programs of their own start the run: the type check (tsc), and the first browser
// file and the first weapp file, which build the H5 and weapp apps (tests/support/build.ts). They
// then run beside the other tests instead of leaving a worker idle behind them at the end.
const first = ['tests/unit/typecheck.test.ts', 'tests/e2e/', 'tests/weapp/']

export default class LongProgramsFirstSequencer extends BaseSequencer {
  async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files)
    const leaders = first.flatMap((start) => sorted.find((file) => file.moduleId.includes(`/${start}`)) ?? [])
    return [...leaders, ...sorted.filter((file) => !leaders.includes(file))]
  }
}
