import * as z from 'zod/mini'
import { defaultLogLevel, logLevels, type LogLevel } from './log'

const optionalText = z.optional(z.string().check(z.trim(), z.minLength(1)))

const EnvSchema = z
  .object({
    NODE_ENV: z._default(z.enum(['development', 'test', 'production']), 'development'),
    PORT: z._default(z.coerce.number({ error: '端口应为 0–65535 的整数 (a port number)' }).check(z.int(), z.minimum(0), z.maximum(65535)), 3000),
    DATA_DIR: z._default(z.string(), '.data'),
    DATABASE_URL: optionalText,
    DATABASE_POOL_MAX: z._default(z.coerce.number().check(z.int(), z.positive()), 10),
    SUPABASE_URL: z.optional(z.url()),
    SUPABASE_SERVICE_ROLE_KEY: optionalText,
    SESSION_SECRET: z.optional(z.string().check(z.minLength(32, { message: '至少 32 个字符 (at least 32 characters)' }))),
    SESSION_DAYS: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(90)), 30),
    WECHAT_APP_ID: optionalText,
    WECHAT_APP_SECRET: optionalText,
    WECHAT_API_BASE: z._default(z.url(), 'https://api.weixin.qq.com'),
    WECHAT_TEMPLATE_ACTIVITY: optionalText,
    CRON_SECRET: z.optional(z.string().check(z.minLength(16, { message: '至少 16 个字符 (at least 16 characters)' }))),
    /** The message-push token set in the mini-program console: media check results arrive signed with it. */
    WECHAT_PUSH_TOKEN: optionalText,
    /** Supabase Storage bucket for nomination photos (public; created on first use). */
    SUPABASE_STORAGE_BUCKET: z._default(z.string().check(z.regex(/^[a-z0-9-]{3,63}$/)), 'good-people'),
    /** Where local uploads are kept (default: DATA_DIR/uploads) and the origin their URLs start with. */
    UPLOAD_DIR: optionalText,
    PUBLIC_BASE_URL: z.optional(z.url()),
    WECHAT_TIMEOUT_MS: z._default(z.coerce.number().check(z.int(), z.positive()), 5000),
    /**
     * Multiplies every rate limit of the route table (api/_lib/rate-limit.ts): below 1 in tests that
     * reach a limit in a few requests, above 1 where one address stands for a crowd (benchmarks, races).
     */
    RATE_LIMIT_SCALE: z._default(z.coerce.number({ error: '应为正数 (a positive number)' }).check(z.positive({ error: '应为正数 (a positive number)' })), 1),
    /** Each request's time budget: past it the answer is 503. PostgreSQL statements stop at 80 % of it. */
    HANDLER_TIMEOUT_MS: z._default(z.coerce.number().check(z.int(), z.minimum(1000), z.maximum(300_000)), 10_000),
    /** pino level; by default `silent` under NODE_ENV=test, else `info`. */
    LOG_LEVEL: z.optional(z.enum(logLevels)),
  })
  .check(
    z.refine((env) => !env.SUPABASE_URL === !env.SUPABASE_SERVICE_ROLE_KEY, {
      message: 'SUPABASE_URL 与 SUPABASE_SERVICE_ROLE_KEY 需同时设置 (set both or neither)',
      path: ['SUPABASE_SERVICE_ROLE_KEY'],
    }),
    z.refine((env) => !env.WECHAT_APP_ID === !env.WECHAT_APP_SECRET, {
      message: 'WECHAT_APP_ID 与 WECHAT_APP_SECRET 需同时设置 (set both or neither)',
      path: ['WECHAT_APP_SECRET'],
    }),
    z.refine((env) => env.NODE_ENV !== 'production' || Boolean(env.SESSION_SECRET), {
      message: '生产环境必须设置 (required in production)',
      path: ['SESSION_SECRET'],
    }),
    z.refine((env) => env.NODE_ENV !== 'production' || Boolean(env.WECHAT_APP_ID), {
      message: '生产环境必须配置微信登录 (required in production)',
      path: ['WECHAT_APP_ID'],
    }),
    z.refine((env) => env.NODE_ENV !== 'production' || Boolean(env.WECHAT_PUSH_TOKEN), {
      message: '生产环境必须设置消息推送 Token,图片安全检查结果靠它送达 (required in production)',
      path: ['WECHAT_PUSH_TOKEN'],
    }),
    z.refine((env) => env.NODE_ENV !== 'production' || Boolean(env.SUPABASE_URL || env.DATABASE_URL), {
      message: '生产环境必须使用 Supabase 或 DATABASE_URL,不能用嵌入式数据库 (required in production)',
      path: ['SUPABASE_URL'],
    }),
  )

export type Env = z.infer<typeof EnvSchema> & { SESSION_SECRET: string; LOG_LEVEL: LogLevel }

// Only for machines without a configured secret outside production (embedded mode, tests).
const developmentSecret = 'development-only-session-secret-not-for-production'

export class ConfigError extends Error {}

/** Reads the environment once at start-up; a bad or missing value is one readable error. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const blanksRemoved = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''))
  const result = EnvSchema.safeParse(blanksRemoved)
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  - ${issue.path.join('.') || '(env)'}: ${issue.message}`)
    throw new ConfigError(`配置有误 (invalid configuration):\n${lines.join('\n')}`)
  }
  return {
    ...result.data,
    SESSION_SECRET: result.data.SESSION_SECRET ?? developmentSecret,
    LOG_LEVEL: result.data.LOG_LEVEL ?? defaultLogLevel(result.data.NODE_ENV),
  }
}

export const wechatConfigured = (env: Env) => Boolean(env.WECHAT_APP_ID && env.WECHAT_APP_SECRET)
