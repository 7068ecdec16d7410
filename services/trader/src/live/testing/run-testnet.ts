/**
 * `pnpm test:testnet`: the live suite (executor, balances) against binance's spot TESTNET
 * (https://testnet.binance.vision, ccxt's sandbox mode) instead of the local exchange double.
 * NOT part of CI — CI has no network and no keys; `pnpm test` runs the same tests against the
 * double. Fault-injection and reconciliation tests need the double and are skipped here.
 *
 *   EXCHANGE_API_KEY=… EXCHANGE_API_SECRET=… pnpm test:testnet   # testnet keys, never real ones
 *   LIVE_TEST_SYMBOL=ETH/USDT pnpm test:testnet                    # another testnet market (default BTC/USDT)
 */
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../..');
const missing = ['EXCHANGE_API_KEY', 'EXCHANGE_API_SECRET'].filter((name) => !process.env[name]);
if (missing.length > 0) {
  console.error(
    `test:testnet needs ${missing.join(' and ')}: binance spot TESTNET keys (https://testnet.binance.vision), never real ones`,
  );
  process.exit(2);
}
console.warn(
  'test:testnet: running the live tests against the binance spot testnet (https://testnet.binance.vision). ' +
    'This needs the network and testnet keys, and is not part of CI.',
);
const result = spawnSync(
  process.execPath,
  [
    '--experimental-vm-modules',
    '--no-warnings=ExperimentalWarning',
    resolve(root, 'node_modules/jest/bin/jest.js'),
    '--runInBand',
    'services/trader/src/live/(live-executor|live-executor-faults|balance-sync)\\.test\\.ts$',
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: 'inherit', env: { ...process.env, LIVE_TEST_TARGET: 'testnet' } },
);
process.exit(result.status ?? 1);
