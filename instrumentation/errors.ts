/**
 * The one error type services throw. `status` is the HTTP answer, `code` a stable machine-readable
 * name, `expose` whether the message may be shown to the client (never for unexpected 5xx).
 */
export class AppError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    status: number,
    code: string,
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.status = status;
    this.code = code;
    this.details = options.details;
  }
}

export const badRequest = (message: string, details?: Record<string, unknown>) =>
  new AppError(400, 'bad_request', message, { details });

export const notFound = (message: string) => new AppError(404, 'not_found', message);
