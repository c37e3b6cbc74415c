// `npm run dev`: the API on the embedded database plus the Taro H5 dev server wired to it.
import { spawn } from 'node:child_process'
import { ConfigError, loadEnv } from '../api/_lib/env'
import { startLocalServer } from '../api/_lib/local-server'
import { createRuntime } from '../api/_lib/runtime'

async function main() {
  const env = loadEnv()
  const runtime = await createRuntime(env)
  const api = await startLocalServer({ runtime, port: env.PORT })
  console.log(`文明创建 API (${runtime.db.kind}) listening on ${api.url}`)

  const h5Port = Number(process.env.H5_PORT ?? 10086)
  const taro = spawn('npx', ['taro', 'build', '--type', 'h5', '--watch'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_ENV: 'development', TARO_APP_API_BASE: `${api.url}/api`, H5_PORT: String(h5Port) },
  })
  let announced = false
  taro.stdout.on('data', (chunk: Buffer) => {
    process.stdout.write(chunk)
    if (!announced && /compiled/i.test(chunk.toString())) {
      announced = true
      console.log(`\n  打开 / open  http://127.0.0.1:${h5Port}/  (居民端 H5,自动以开发账号登录)\n`)
    }
  })
  const stop = async () => {
    taro.kill('SIGTERM')
    await api.close()
    await runtime.db.close()
    process.exit(0)
  }
  taro.on('exit', (code) => {
    console.error(`Taro exited (${code ?? 'signal'})`)
    void stop()
  })
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error)
  process.exit(1)
})
