/** The page's own errors, written to the main process's log (`log.*`). */

/** The `log.*` calls. */
export interface LogApi {
  /**
   * The page's own unexpected error (an uncaught error or unhandled
   * rejection), written to the main log. Message up to 2,000 characters,
   * stack up to 8,000; at most 20 a minute are logged, the rest counted.
   */
  'log.report': { args: { kind: 'error' | 'rejection'; message: string; stack?: string }; result: { isLogged: boolean } };
}
