/** A bad command line: one line naming what is wrong (exit code 2, nothing written). */
export class DownloadArgsError extends Error {
  override name = 'DownloadArgsError';
}

/** A failure the user can act on (the database, the exchange unreachable): one line, no stack (exit code 1). */
export class DownloadError extends Error {
  override name = 'DownloadError';
}

/** The exchange sent a row that cannot be a candle: the message names the symbol, the time and the problem. */
export class ExchangeDataError extends DownloadError {
  override name = 'ExchangeDataError';
}
