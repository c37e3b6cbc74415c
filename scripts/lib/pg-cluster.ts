// A throwaway PostgreSQL server for concurrency tests and benchmarks: initdb in a temp folder,
// listening on 127.0.0.1 at a free port, removed on stop. With TEST_DATABASE_URL set, a fresh
// database is created on that server instead.
import { execFile, execFileSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
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

function binDir() {
  const base = '/usr/lib/postgresql'
  const versions = existsSync(base) ? readdirSync(base).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : []
  if (versions.length === 0) throw new Error('PostgreSQL server binaries not found: apt-get install postgresql')
  return path.join(base, versions[0], 'bin')
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

async function freshDatabaseOn(adminUrl: string): Promise<Cluster> {
  const name = `wc_test_${process.pid}_${Date.now()}`
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database ${name}`)
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
  const bin = binDir()
  const dir = mkdtempSync(path.join(tmpdir(), 'wc-pg-'))
  const asRoot = process.getuid?.() === 0
  // PostgreSQL refuses to run as root: run its programs as the postgres user.
  const command = (program: string, args: string[]): [string, string[]] =>
    asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(bin, program), ...args]] : [path.join(bin, program), args]
  const run = (program: string, args: string[]) => execFileSync(...command(program, args), { stdio: 'pipe' })
  // Without blocking the event loop: an API in this process keeps answering meanwhile.
  const runAsync = (program: string, args: string[]) => promisify(execFile)(...command(program, args))
  if (asRoot) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()))
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
