import { errorMessages, isErrorCode, type ErrorCode } from '../../src/shared/errors'

const statusByCode: Partial<Record<ErrorCode, number>> = {
  invalid_request: 400,
  unauthorized: 401,
  login_failed: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
  wechat_unavailable: 503,
  poster_unavailable: 503,
  invalid_image: 400,
}

/** The one error type of the API: a code from src/shared/errors.ts, answered as `{error: {...}}`. */
export class ApiError extends Error {
  readonly status: number

  constructor(
    readonly code: ErrorCode,
    message: string = errorMessages[code],
    readonly details?: unknown,
    /** What went wrong underneath (logged, never answered). */
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause })
    // Domain refusals raised by database functions answer 409 unless mapped above.
    this.status = statusByCode[code] ?? 409
  }

  toBody() {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    }
  }
}

/**
 * Maps an error reported by Postgres (through any adapter) to an ApiError when it is a domain
 * refusal: the functions raise `exception '<code>'`, which arrives as SQLSTATE P0001.
 */
export function domainError(error: { code?: unknown; message?: unknown; detail?: unknown; details?: unknown }): ApiError | null {
  if (error.code === 'P0001' && typeof error.message === 'string' && isErrorCode(error.message)) {
    // A function may add JSON in the exception's DETAIL (PostgREST calls it details).
    const detail = error.detail ?? error.details
    const details = typeof detail === 'string' ? parseDetail(detail) : undefined
    // A function may word the reason for people: `{"reason": "..."}`.
    const reason = (details as { reason?: unknown } | undefined)?.reason
    return new ApiError(error.message, typeof reason === 'string' ? reason : undefined, details)
  }
  return null
}

function parseDetail(detail: string): unknown {
  try {
    return JSON.parse(detail)
  } catch {
    return undefined
  }
}
