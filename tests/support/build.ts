import { execFile } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

export const root = path.resolve(__dirname, '../..')

/** Runs `taro build` for one target, as `npm run build:<target>` does, into a folder of its own. */
export async function taroBuild(type: 'h5' | 'weapp', env: Record<string, string> = {}) {
  const output = mkdtempSync(path.join(tmpdir(), `wc-${type}-`))
  await promisify(execFile)(path.join(root, 'node_modules/.bin/taro'), ['build', '--type', type], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', TARO_OUTPUT_ROOT: output, ...env },
    maxBuffer: 64 * 1024 * 1024,
  })
  return output
}
