import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'
import { root } from '../support/build'

// The whole project type-checks (`npm run typecheck`). Run as a test, tsc (one core) works beside
// the other tests instead of before them all, and its errors are counted in the totals.
it('type-checks with no error (tsc -p .)', { timeout: 180_000 }, async () => {
  const tsc = createRequire(__filename).resolve('typescript/bin/tsc')
  const output = await promisify(execFile)(process.execPath, [tsc, '-p', '.'], { cwd: root, maxBuffer: 16 * 1024 * 1024 }).then(
    ({ stdout }) => stdout,
    (error: { stdout: string; message: string }) => error.stdout || error.message,
  )
  expect(output).toBe('')
})
