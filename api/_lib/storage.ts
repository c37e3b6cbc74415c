import { mkdir, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { SupabaseClient } from '@supabase/supabase-js'
import { ApiError } from './errors'
import { currentLog } from './log'

/** Where uploaded photos live: Supabase Storage in production, a local folder otherwise. */
export interface Storage {
  put(key: string, data: Buffer, contentType: string): Promise<void>
  /** The address anyone (and WeChat's media check) downloads the object from. */
  url(key: string): string
  /** The folder the local server serves under /uploads/, for local storage. */
  localDir?: string
}

/** Files under `dir`, served by the local server at `${baseUrl}/uploads/<key>`. */
export function localStorage(dir: string, baseUrl = ''): Storage {
  return {
    localDir: dir,
    async put(key, data) {
      const file = path.join(dir, key)
      await mkdir(path.dirname(file), { recursive: true })
      await writeFile(file, data, { flag: 'wx' })
    },
    url: (key) => `${baseUrl}/uploads/${key}`,
  }
}

/**
 * A public bucket: objects have random names, and only photos cleared by the checks are linked.
 * supabase-js is loaded with the first upload, not with the function's cold start.
 */
export function supabaseStorage(url: string, serviceRoleKey: string, bucket: string, options: { fetch?: typeof fetch } = {}): Storage {
  let client: Promise<SupabaseClient> | undefined
  const storage = async () => {
    client ??= import('./db/supabase').then(({ supabaseClient }) => supabaseClient(url, serviceRoleKey, options))
    return (await client).storage
  }
  return {
    async put(key, data, contentType) {
      const upload = async () => (await storage()).from(bucket).upload(key, data, { contentType, upsert: false, cacheControl: '31536000' })
      let { error } = await upload()
      if (error && /bucket not found/i.test(error.message)) {
        // First photo of a new project: the bucket is public, JPEG only (what processPhoto writes).
        await (await storage()).createBucket(bucket, { public: true, allowedMimeTypes: ['image/jpeg'], fileSizeLimit: '5MB' })
        ;({ error } = await upload())
      }
      if (error) {
        currentLog().error({ storage: 'supabase', key, error: error.message }, 'photo upload failed')
        throw new ApiError('unavailable', '照片暂时存不上,请稍后再试。', undefined, error.message)
      }
    },
    url: (key) => `${url}/storage/v1/object/public/${bucket}/${encodeURI(key)}`,
  }
}

/** The folder for local uploads: beside the embedded database, or a temporary one for in-memory runs. */
export function localUploadDir(dataDir: string) {
  return dataDir.startsWith('memory://')
    ? path.join(os.tmpdir(), `wenming-uploads-${process.pid}`)
    : path.resolve(dataDir, 'uploads')
}
