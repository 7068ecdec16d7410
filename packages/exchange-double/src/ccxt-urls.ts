/**
 * What to merge into ccxt binance's `urls.api` so that every REST family points at a double on
 * `base`: spot under /api/v3 and anything else (sapi, futures, options) at paths the double
 * answers with an error, so a test can never reach the real exchange by accident.
 */
export function binanceApiUrls(base: string): Record<string, string> {
  const elsewhere = (family: string) => `${base}/unsupported/${family}`;
  const families = [
    'sapi',
    'sapiV2',
    'sapiV3',
    'sapiV4',
    'dapiPublic',
    'dapiPrivate',
    'dapiPrivateV2',
    'dapiData',
    'fapiPublic',
    'fapiPublicV2',
    'fapiPublicV3',
    'fapiPrivate',
    'fapiPrivateV2',
    'fapiPrivateV3',
    'fapiData',
    'eapiPublic',
    'eapiPrivate',
    'papi',
    'papiV2',
  ];
  return {
    public: `${base}/api/v3`,
    private: `${base}/api/v3`,
    v1: `${base}/api/v1`,
    ...Object.fromEntries(families.map((f) => [f, elsewhere(f)])),
  };
}
