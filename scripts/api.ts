// `npm run api`: the API alone, on the database chosen by the environment (see README).
import { ConfigError, loadEnv } from '../api/_lib/env'
import { startLocalServer } from '../api/_lib/local-server'
import { createRuntime } from '../api/_lib/runtime'

async function main() {
  const env = loadEnv()
  const runtime = await createRuntime(env)
  const server = await startLocalServer({ runtime, port: env.PORT, staticDir: process.env.STATIC_DIR })
  console.log(`文明创建 API (${runtime.db.kind}) listening on ${server.url}`)
  const stop = async () => {
    await server.close()
    await runtime.db.close()
    process.exit(0)
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error)
  process.exit(1)
})
