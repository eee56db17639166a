import type { ApiError, ApiErrorType } from './contract.js';

/** An error meant for the person using Lattice; its message is shown as is. */
export class ApiFailure extends Error {
  readonly type: ApiErrorType;

  constructor(type: ApiErrorType, message: string) {
    super(message);
    this.name = 'ApiFailure';
    this.type = type;
  }
}

export const notFound = (message: string): ApiFailure => new ApiFailure('NotFound', message);
export const invalid = (message: string): ApiFailure => new ApiFailure('Invalid', message);

/** Any thrown value as the error that crosses the boundary. Internal errors keep their message but never a stack. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiFailure) return { type: error.type, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { type: 'Internal', message: message || 'unexpected error' };
}
