// `npm run dev`: the API on the embedded database plus the Taro H5 dev server wired to it.
import { spawn } from 'node:child_process'
import { ConfigError, loadEnv } from '../api/_lib/env'
import { startLocalServer } from '../api/_lib/local-server'
import { createRuntime, type Runtime } from '../api/_lib/runtime'
import { freePort } from './lib/pg-cluster'

async function main() {
  const env = loadEnv()
  // Taro's first build (the longer part) starts at once, beside the embedded database's first open.
  const port = env.PORT || (await freePort())
  const h5Port = Number(process.env.H5_PORT ?? 10086)
  const taro = spawn('npx', ['taro', 'build', '--type', 'h5', '--watch'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_ENV: 'development', TARO_APP_API_BASE: `http://127.0.0.1:${port}/api`, H5_PORT: String(h5Port) },
  })
  const compiled = new Promise<void>((resolve) => {
    taro.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk)
      if (/compiled/i.test(chunk.toString())) resolve()
    })
  })
  let stopping = false
  let api: Awaited<ReturnType<typeof startLocalServer>> | undefined
  let runtime: Runtime | undefined
  const stop = async (code = 0) => {
    if (stopping) return
    stopping = true
    taro.kill('SIGTERM')
    await api?.close()
    await runtime?.db.close()
    process.exit(code)
  }
  taro.on('exit', (code) => {
    console.error(`Taro exited (${code ?? 'signal'})`)
    void stop(code ?? 1)
  })
  process.on('SIGINT', () => void stop())
  process.on('SIGTERM', () => void stop())
  try {
    runtime = await createRuntime(env)
    api = await startLocalServer({ runtime, port })
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : error)
    return stop(1)
  }
  console.log(`文明创建 API (${runtime.db.kind}) listening on ${api.url}`)
  void compiled.then(() => console.log(`\n  打开 / open  http://127.0.0.1:${h5Port}/ （居民端 H5，自动以开发账号登录）\n`))
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error)
  process.exit(1)
})
