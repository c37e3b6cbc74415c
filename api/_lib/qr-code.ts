/**
 * A QR code as a PNG data URL, `width` pixels wide with a one-module margin. The encoder is loaded
 * by the first code made, not by the function's cold start (`npm run bench:cold`).
 */
export async function qrDataUrl(text: string, width: number): Promise<string> {
  const { toDataURL } = await import('qrcode')
  return toDataURL(text, { margin: 1, width })
}
