import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'

export const root = path.resolve(__dirname, '../..')

/** Runs `taro build` for one target, as `npm run build:<target>` does. */
export async function taroBuild(type: 'h5' | 'weapp', env: Record<string, string> = {}) {
  await promisify(execFile)(path.join(root, 'node_modules/.bin/taro'), ['build', '--type', type], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', ...env },
    maxBuffer: 64 * 1024 * 1024,
  })
  return path.join(root, type === 'h5' ? 'dist-h5' : 'dist')
}
