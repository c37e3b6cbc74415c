import type { VercelRequest } from '@vercel/node'
import { ApiError } from './errors'

export interface UploadedFile {
  filename: string
  data: Buffer
}

/**
 * The one file of a multipart/form-data request (field `file`), refused above `maxBytes`. busboy is
 * loaded by the first upload, not by the function's cold start.
 */
export async function readUpload(req: VercelRequest, maxBytes: number): Promise<UploadedFile> {
  if (!/^multipart\/form-data\b/i.test(req.headers['content-type'] ?? '')) {
    throw new ApiError('invalid_request', '请以文件形式上传(multipart/form-data)。')
  }
  const { default: busboy } = await import('busboy')
  return new Promise((resolve, reject) => {
    let found: Promise<UploadedFile> | null = null
    const parser = busboy({ headers: req.headers, limits: { files: 1, fileSize: maxBytes } })
    parser.on('file', (field, stream, info) => {
      if (field !== 'file' || found) {
        stream.resume()
        return
      }
      found = new Promise((done, fail) => {
        const chunks: Buffer[] = []
        stream.on('data', (chunk: Buffer) => chunks.push(chunk))
        stream.on('limit', () => fail(new ApiError('invalid_request', `文件太大了,请不要超过 ${Math.round(maxBytes / 1024 / 1024)} MB。`)))
        stream.on('close', () => done({ filename: info.filename ?? '', data: Buffer.concat(chunks) }))
      })
    })
    parser.on('error', () => reject(new ApiError('invalid_request', '上传的文件不完整,请重新上传。')))
    parser.on('close', () => {
      if (found) found.then(resolve, reject)
      else reject(new ApiError('invalid_request', '没有收到文件,请选择文件后再上传。'))
    })
    req.pipe(parser)
  })
}
