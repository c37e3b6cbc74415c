import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { promisify } from 'node:util'

export const root = path.resolve(__dirname, '../..')

const cacheRoot = path.join(tmpdir(), 'wc-build-cache')

/** Every file below `dir`. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    return entry.isDirectory() ? filesUnder(full) : [full]
  })
}

/** A cache key for what is made from `files` (their paths and contents) with `options`. */
export function contentKey(options: unknown, files: string[]): string {
  const hash = createHash('sha256').update(JSON.stringify(options))
  for (const file of [...files].sort()) hash.update(path.relative(root, file)).update(readFileSync(file))
  return hash.digest('hex').slice(0, 16)
}

/** Every file a build reads from the project: the sources, the build config and the lockfile. */
const buildInputs = () => [...filesUnder(path.join(root, 'src')), path.join(root, 'config/index.ts'),
  path.join(root, 'package-lock.json'), path.join(root, 'babel.config.js'), path.join(root, 'project.config.json')]

const buildKey = (type: string, env: Record<string, string>) => contentKey({ type, env }, buildInputs())

/**
 * Runs `taro build` for one target, as `npm run build:<target>` does, and returns its output folder.
 * Test files running in parallel share one build per target, environment and source state: the first
 * builds into the cache while the others wait for it, so a run builds each target once, not once per file.
 */
export async function taroBuild(type: 'h5' | 'weapp', env: Record<string, string> = {}): Promise<string> {
  const output = path.join(cacheRoot, `${type}-${buildKey(type, env)}`)
  const lock = `${output}.lock`
  mkdirSync(cacheRoot, { recursive: true })
  for (;;) {
    if (existsSync(output)) return output
    try {
      mkdirSync(lock)
      break
    } catch {
      // Another test file is building this target; a lock older than 10 minutes was left by a killed run.
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })!.mtimeMs > 600_000) rmSync(lock, { recursive: true, force: true })
      await sleep(500)
    }
  }
  try {
    const staging = `${output}.staging`
    rmSync(staging, { recursive: true, force: true })
    await promisify(execFile)(path.join(root, 'node_modules/.bin/taro'), ['build', '--type', type], {
      cwd: root,
      env: { ...process.env, NODE_ENV: 'production', TARO_OUTPUT_ROOT: staging, ...env },
      maxBuffer: 64 * 1024 * 1024,
    })
    renameSync(staging, output)
    return output
  } finally {
    rmSync(lock, { recursive: true, force: true })
  }
}

/** The activity-reminder template a release is configured with (README: 发布到微信); tests use this id. */
export const reminderTemplateId = 'tmpl-activity-reminder'

/** The weapp build as released: with the reminder template, so the subscribe request is in it. */
export const weappBuild = () => taroBuild('weapp', { TARO_APP_TEMPLATE_ACTIVITY: reminderTemplateId })
