import type { z } from 'zod';
import type { ApiArgs, ApiName, ApiResult } from './contract.js';

/** One API entry: the schema its argument must satisfy, and what it does. */
export interface HandlerEntry<K extends ApiName> {
  schema: z.ZodType<ApiArgs<K>>;
  run: (args: ApiArgs<K>) => ApiResult<K> | Promise<ApiResult<K>>;
}

/** The handlers of one domain (notes, library, …). */
export type DomainHandlers<K extends ApiName> = { [P in K]: HandlerEntry<P> };

/** The one table every transport dispatches into. */
export type HandlerTable = { [K in ApiName]: HandlerEntry<K> };
