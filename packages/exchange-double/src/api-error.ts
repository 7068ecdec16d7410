/** A binance error reply: HTTP status plus `{"code": -2010, "msg": "…"}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }

  body(): { code: number; msg: string } {
    return { code: this.code, msg: this.message };
  }
}

/** The messages binance sends, word for word: ccxt maps some of them to its error classes by text. */
export const errors = {
  invalidSymbol: () => new ApiError(400, -1121, 'Invalid symbol.'),
  mandatory: (name: string) =>
    new ApiError(400, -1102, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`),
  eitherParam: (a: string, b: string) =>
    new ApiError(400, -1102, `Param '${a}' or '${b}' must be sent, but both were empty/null!`),
  illegalChars: (name: string, legal: string) =>
    new ApiError(400, -1100, `Illegal characters found in parameter '${name}'; legal range is '${legal}'.`),
  precision: () => new ApiError(400, -1111, 'Precision is over the maximum defined for this asset.'),
  filter: (filter: string) => new ApiError(400, -1013, `Filter failure: ${filter}`),
  invalidOrderType: () => new ApiError(400, -1116, 'Invalid orderType.'),
  invalidSide: () => new ApiError(400, -1117, 'Invalid side.'),
  insufficientBalance: () => new ApiError(400, -2010, 'Account has insufficient balance for requested action.'),
  duplicateOrder: () => new ApiError(400, -2010, 'Duplicate order sent.'),
  orderNotFound: () => new ApiError(400, -2013, 'Order does not exist.'),
  unknownOrder: () => new ApiError(400, -2011, 'Unknown order sent.'),
  badApiKey: () => new ApiError(401, -2014, 'API-key format invalid.'),
  recvWindow: () => new ApiError(400, -1021, 'Timestamp for this request is outside of the recvWindow.'),
  tooLongRange: () => new ApiError(400, -1127, 'More than 24 hours between startTime and endTime.'),
  rateLimited: () =>
    new ApiError(
      429,
      -1003,
      'Too many requests; current limit of IP is 6000 requests per minute. Please use WebSocket Streams for live updates to avoid polling the API.',
    ),
};
