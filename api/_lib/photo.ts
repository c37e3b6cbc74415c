import { ApiError } from './errors'

const accepted = new Set(['jpeg', 'png', 'webp'])

/**
 * A photo as we keep it: decoded by its content (whatever its name says), turned upright,
 * at most 1600 px a side, re-encoded as JPEG. Re-encoding drops every metadata block, EXIF
 * location included. sharp (native) is loaded by the first photo, not by the function's cold start.
 */
export async function processPhoto(data: Buffer) {
  const { default: sharp } = await import('sharp')
  let format: string | undefined
  try {
    format = (await sharp(data).metadata()).format
  } catch {
    throw new ApiError('invalid_image')
  }
  if (!format || !accepted.has(format)) throw new ApiError('invalid_image')
  try {
    const { data: jpeg, info } = await sharp(data, { limitInputPixels: 50_000_000 })
      .rotate()
      .resize({ width: 1600, height: 1600, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 82, mozjpeg: true })
      .toBuffer({ resolveWithObject: true })
    return { data: jpeg, width: info.width, height: info.height }
  } catch {
    // Valid header, broken or over-large body.
    throw new ApiError('invalid_image')
  }
}
