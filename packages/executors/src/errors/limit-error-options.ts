/** What every limit error is built from. Class markers use `mark` and `hasMarker`, protected statics of `CodeActError`. */

/** Options every limit error takes. */
export type LimitErrorOptions = {
  message: string;
  /** True when the session cannot be used any more and must be replaced. */
  sessionLost?: boolean;
  cause?: unknown;
};
