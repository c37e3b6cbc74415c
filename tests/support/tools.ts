// What the browser tests run besides Node: a headless Chromium with a Chinese font. The system's
// are used when present (Debian: chromium, fonts-wqy-microhei); else the ones `npm install`
// brought: @sparticuz/chromium and @embedpdf/fonts-sc. TEST_SYSTEM_TOOLS=off ignores the system's,
// as on a fresh machine. (PostgreSQL's server programs: scripts/lib/pg-cluster.ts.)
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'

export interface BrowserBinary {
  executablePath: string
  args: string[]
  /** The browser's environment: a fontconfig file that finds a Chinese font. */
  env: Record<string, string>
}

const systemChromium = '/usr/bin/chromium'
const useSystem = () => process.env.TEST_SYSTEM_TOOLS !== 'off'
const moduleDir = (name: string) => path.dirname(createRequire(__filename).resolve(name))

/**
 * A fontconfig file with the Chinese font from npm (Noto Sans Hans), beside the system's fonts
 * (unless ignored), and the fonts that come with the npm Chromium.
 */
function fontConfig(extraDirs: string[]): string {
  const dir = path.join(tmpdir(), 'wc-fontconfig')
  mkdirSync(dir, { recursive: true })
  const fonts = path.join(moduleDir('@embedpdf/fonts-sc'), '..', 'fonts')
  const file = path.join(dir, 'fonts.conf')
  writeFileSync(
    file,
    [
      '<?xml version="1.0"?>',
      '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
      '<fontconfig>',
      ...(useSystem() ? ['  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>'] : []),
      ...[fonts, ...extraDirs].map((d) => `  <dir>${d}</dir>`),
      `  <cachedir>${path.join(dir, 'cache')}</cachedir>`,
      '</fontconfig>',
      '',
    ].join('\n'),
  )
  return file
}

const phoneArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync']

/**
 * The Chromium to drive: Debian's, else the npm one unpacked into the temp folder (once; seconds).
 * Throws one line naming what is missing and what brings it.
 */
export async function browserBinary(): Promise<BrowserBinary> {
  if (useSystem() && existsSync(systemChromium)) {
    return { executablePath: systemChromium, args: phoneArgs, env: { FONTCONFIG_FILE: fontConfig([]) } }
  }
  try {
    return await npmChromium()
  } catch (error) {
    throw new Error(`Chromium not found: run \`npm install\` (it brings @sparticuz/chromium) or apt-get install chromium (${String(error)})`)
  }
}

async function npmChromium(): Promise<BrowserBinary> {
  const { default: chromium } = await import('@sparticuz/chromium')
  chromium.setGraphicsMode = false
  const executablePath = await chromium.executablePath()
  return {
    executablePath,
    // Its own flags, but not its --headless variant (Playwright chooses) nor one process for all.
    args: [...chromium.args.filter((arg) => !arg.startsWith('--headless') && arg !== '--single-process'), ...phoneArgs],
    env: { FONTCONFIG_FILE: fontConfig([path.join(path.dirname(executablePath), 'fonts')]) },
  }
}
