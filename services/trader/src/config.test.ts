import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '@roottrading/config';
import { parseDemoBalances, parseDuration } from '@roottrading/trading-settings';
import { loadTraderConfig } from './config.js';

describe('SIGNAL_MAX_AGE / ACCOUNT_INTERVAL durations', () => {
  it.each([
    ['300', 300_000],
    ['300s', 300_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['250ms', 250],
    ['7d', 604_800_000],
    [' 90S ', 90_000],
  ])('%s → %d ms', (raw, ms) => {
    expect(parseDuration(raw)).toBe(ms);
  });

  it.each(['', 'abc', '5 minutes', '-5m', '0', '0s', '5w', '1e3'])('refuses %j', (raw) => {
    expect(typeof parseDuration(raw)).toBe('string');
  });

  it('puts a bad value in a one-line config error naming the variable', () => {
    expect(() => loadTraderConfig({ SIGNAL_MAX_AGE: '5 minutes' })).toThrow(
      new ConfigError('config: SIGNAL_MAX_AGE must be a duration like 300, 300s, 5m, 1h or 7d (got "5 minutes")'),
    );
    expect(loadTraderConfig({ SIGNAL_MAX_AGE: '300', ACCOUNT_INTERVAL: '1m' })).toMatchObject({
      SIGNAL_MAX_AGE: 300_000,
      ACCOUNT_INTERVAL: 60_000,
    });
    expect(loadTraderConfig({})).toMatchObject({ SIGNAL_MAX_AGE: 300_000, ACCOUNT_INTERVAL: 60_000 });
  });
});

describe('DEMO_BALANCES', () => {
  it('parses assets and exact amounts', () => {
    const parsed = parseDemoBalances('USDC=10000, usdt=2500.5,BTC=0.01');
    expect(parsed).toBeInstanceOf(Map);
    const map = parsed as Map<string, { toFixed(): string }>;
    expect([...map].map(([a, v]) => `${a}=${v.toFixed()}`)).toEqual(['USDC=10000', 'USDT=2500.5', 'BTC=0.01']);
  });

  it.each([
    ['', 'must name at least one asset'],
    ['USDC', '"USDC" is not ASSET=amount'],
    ['USDC=', '"USDC=" is not ASSET=amount'],
    ['USDC=abc', '"USDC=abc" is not ASSET=amount'],
    ['USDC=-5', '"USDC=-5" is not ASSET=amount'],
    ['USDC=1e4', '"USDC=1e4" is not ASSET=amount'],
    ['USDC=1=2', '"USDC=1=2" is not ASSET=amount'],
    ['U=5', '"U=5" is not ASSET=amount'],
    ['USDC=0.1234567890123456789', 'is not ASSET=amount'],
    ['USDC=1,USDC=2', 'names USDC twice'],
    ['USDC=100000000000000000000', 'more than the database can hold'],
  ])('refuses %j', (raw, problem) => {
    const parsed = parseDemoBalances(raw);
    expect(typeof parsed).toBe('string');
    expect(parsed).toContain(problem);
  });

  it('fails start-up with one line naming the variable', () => {
    let error: unknown;
    try {
      loadTraderConfig({ DEMO_BALANCES: 'USDC:10000' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toBe(
      'config: DEMO_BALANCES must be a list like USDC=10000,USDT=10000 ("USDC:10000" is not ASSET=amount) (got "USDC:10000")',
    );
    expect(message).not.toContain('\n');
  });
});

describe('other settings', () => {
  it('keeps decimal settings exact and refuses out-of-range ones', () => {
    const config = loadTraderConfig({ FEE_RATE: '0.00075', TRADE_QUANTITY: '0.0015' });
    expect(config.FEE_RATE.toFixed()).toBe('0.00075');
    expect(config.TRADE_QUANTITY.toFixed()).toBe('0.0015');
    expect(() => loadTraderConfig({ FEE_RATE: '0.5' })).toThrow(
      /^config: FEE_RATE must be a decimal number from 0 to 0.1/,
    );
    expect(() => loadTraderConfig({ TRADE_QUANTITY: '0' })).toThrow(
      /^config: TRADE_QUANTITY must be a decimal number greater than 0/,
    );
    expect(() => loadTraderConfig({ SLIPPAGE: 'abc' })).toThrow(/^config: SLIPPAGE must be a decimal number/);
  });

  it('has the documented defaults', () => {
    const c = loadTraderConfig({});
    expect({
      port: c.TRADER_PORT,
      consumer: c.TRADER_CONSUMER,
      trade: c.TRADE_QUANTITY.toFixed(),
      fee: c.FEE_RATE.toFixed(),
      slippage: c.SLIPPAGE.toFixed(),
      priceAge: c.PRICE_MAX_AGE_INTERVALS,
      claim: c.SIGNAL_CLAIM_IDLE_MS,
      balances: Object.fromEntries([...c.DEMO_BALANCES].map(([a, v]) => [a, v.toFixed()])),
      markets: c.MARKETS_FILE,
    }).toEqual({
      port: 5002,
      consumer: 'trader-1',
      trade: '0.001',
      fee: '0.001',
      slippage: '0.0005',
      priceAge: 3,
      claim: 30_000,
      balances: { USDC: '10000', USDT: '10000' },
      markets: undefined,
    });
  });

  it('has the documented risk, fee and snapshot defaults, and refuses bad values naming the variable', () => {
    const c = loadTraderConfig({});
    expect({
      feeAsset: c.DEMO_FEE_ASSET,
      exposure: c.RISK_MAX_EXPOSURE_PCT.toFixed(),
      openPositions: c.RISK_MAX_OPEN_POSITIONS,
      sizing: c.POSITION_SIZING,
      equityPct: c.POSITION_EQUITY_PCT.toFixed(),
      riskPct: c.RISK_PER_TRADE_PCT.toFixed(),
      dailyLoss: c.DAILY_LOSS_LIMIT_PCT.toFixed(),
      drawdown: c.MAX_DRAWDOWN_PCT.toFixed(),
      closeOnKill: c.KILL_SWITCH_CLOSE_POSITIONS,
      snapshotEvery: c.EQUITY_SNAPSHOT_EVERY,
    }).toEqual({
      feeAsset: 'quote',
      exposure: '20',
      openPositions: 10,
      sizing: 'fixed',
      equityPct: '5',
      riskPct: '1',
      dailyLoss: '5',
      drawdown: '20',
      closeOnKill: false,
      snapshotEvery: 3_600_000,
    });
    expect(() => loadTraderConfig({ POSITION_SIZING: 'kelly' })).toThrow(
      /^config: POSITION_SIZING must be fixed, equity_pct or risk/,
    );
    expect(() => loadTraderConfig({ DEMO_FEE_ASSET: 'bnb' })).toThrow(/^config: DEMO_FEE_ASSET must be quote or base/);
    expect(() => loadTraderConfig({ RISK_MAX_EXPOSURE_PCT: '120' })).toThrow(
      /^config: RISK_MAX_EXPOSURE_PCT must be a decimal number from 0 to 100/,
    );
    expect(() => loadTraderConfig({ RISK_PER_TRADE_PCT: '0' })).toThrow(
      /^config: RISK_PER_TRADE_PCT must be a decimal number greater than 0/,
    );
    expect(() => loadTraderConfig({ RISK_MAX_OPEN_POSITIONS: '-1' })).toThrow(/^config: RISK_MAX_OPEN_POSITIONS/);
    expect(loadTraderConfig({ EQUITY_SNAPSHOT_EVERY: '15m', DAILY_LOSS_LIMIT_PCT: '0' })).toMatchObject({
      EQUITY_SNAPSHOT_EVERY: 900_000,
    });
  });
});
