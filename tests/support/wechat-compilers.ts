import { execFile } from 'node:child_process'
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { root } from './build'

/**
 * WeChat's own WXML (`wcc`) and WXSS (`wcsc`) compilers, the Linux builds shipped in the npm package
 * `miniprogram-compiler`. Its JS wrapper swallows the compilers' error text, so the binaries are called directly.
 */
export interface WechatCompilers {
  wcc: string
  wcsc: string
  /** Removes the private copies. */
  dispose(): void
}

/**
 * npm does not run install scripts here, so a fresh install can leave the binaries without the exec bit:
 * copy them into a temp folder and make the copies executable (node_modules is left as it is).
 */
export function installWechatCompilers(): WechatCompilers {
  const from = path.join(root, 'node_modules/miniprogram-compiler/bin/linux')
  const dir = mkdtempSync(path.join(tmpdir(), 'wechat-compilers-'))
  const copy = (name: string) => {
    const target = path.join(dir, name)
    copyFileSync(path.join(from, name), target)
    chmodSync(target, 0o755)
    return target
  }
  return { wcc: copy('wcc'), wcsc: copy('wcsc'), dispose: () => rmSync(dir, { recursive: true, force: true }) }
}

export interface Run {
  code: number | null
  signal: string | null
  stdout: string
  stderr: string
}

export function run(binary: string, args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(binary, args, { cwd, maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      // A spawn failure (missing binary, no exec bit) has a string code such as ENOENT or EACCES.
      if (error && typeof error.code === 'string') return reject(error)
      resolve({ code: error ? ((error.code as number | undefined) ?? null) : 0, signal: error?.signal ?? null, stdout, stderr })
    })
  })
}

/**
 * What is wrong with one compiler run, or null. Any non-zero exit; also any error text on stderr or an
 * `ERR:` line on stdout while exiting 0 (stdout is the compiled JS, which itself contains words such as
 * `binderror` and `console.error`), and a WXSS url wcsc rewrote because WeChat loads no local file from WXSS.
 */
export function problemOf(label: string, result: Run): string | null {
  const said = `${result.stderr}\n${result.stdout.split('\n').filter((line) => /^ERR\b/.test(line)).join('\n')}`.trim()
  if (result.code !== 0 || result.signal) return `${label}: exit ${result.code ?? result.signal}: ${said || result.stdout.slice(0, 500)}`
  if (/\bERR\b|error/i.test(said)) return `${label}: exit 0 but said: ${said}`
  const local = result.stdout.match(/url\(([^)]*?)-do-not-use-local-path-[^)]*\)/)
  if (local) return `${label}: local url ${local[1]} (WXSS loads only network and data urls)`
  return null
}

/** A .wxss and every file it @imports, transitively, as paths relative to `base`: wcsc needs them all on its command line. */
export function wxssWithImports(base: string, file: string): string[] {
  const seen = new Set<string>()
  const visit = (relative: string) => {
    if (seen.has(relative)) return
    seen.add(relative)
    const full = path.join(base, relative)
    if (!existsSync(full)) return // wcsc reports the missing import itself
    for (const [, , target] of readFileSync(full, 'utf8').matchAll(/@import\s+(['"])(.+?)\1/g)) {
      visit(target.startsWith('/') ? target.slice(1) : path.posix.join(path.posix.dirname(relative), target))
    }
  }
  visit(file)
  return [...seen]
}

/**
 * Compiles one stylesheet with what it imports; returns the problem or null. `-pc 1` makes it the page
 * stylesheet (the way DevTools passes page and component files first): only then is its CSS in the output,
 * where a rewritten local url shows. Errors are found with any `-pc`.
 */
export async function compileWxss(wcsc: string, base: string, file: string): Promise<string | null> {
  return problemOf(file, await run(wcsc, ['-db', '-pc', '1', ...wxssWithImports(base, file)], base))
}

/** A .wxml and the .wxs modules it loads by `<wxs src>`, which wcc needs on its command line (templates it imports it does not). */
export function wxmlWithModules(base: string, file: string): string[] {
  if (!file.endsWith('.wxml')) return [file]
  const modules = [...readFileSync(path.join(base, file), 'utf8').matchAll(/<wxs\b[^>]*\bsrc\s*=\s*(['"])(.+?)\1/g)].map(([, , target]) =>
    target.startsWith('/') ? target.slice(1) : path.posix.join(path.posix.dirname(file), target),
  )
  return [file, ...new Set(modules)]
}

/** Compiles one .wxml (with its .wxs modules) or .wxs; returns the problem or null. */
export async function compileWxml(wcc: string, base: string, file: string): Promise<string | null> {
  return problemOf(file, await run(wcc, ['-d', ...wxmlWithModules(base, file)], base))
}
