/**
 * What a route answers: JSON (`body`), a file to download (`file`), plain text (`text`, for
 * WeChat's push checks), or a file to download written as it is made (`stream`: an export too
 * large to hold; the request's time budget ends when its first chunk is ready, each database call
 * keeps its own timeout). Its own module, so that the handler and the idempotency keeper, which
 * both speak of it, do not import each other.
 */
export type Reply =
  | { status?: number; body: unknown }
  | { file: { name: string; type: string; data: Buffer } }
  | { text: string }
  | { stream: { name: string; type: string; chunks: AsyncIterable<string | Buffer> } }
