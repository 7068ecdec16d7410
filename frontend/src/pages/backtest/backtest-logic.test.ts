import { describe, expect, it } from '@jest/globals';
import { RUN_A, RUN_B, RUN_RUNNING } from '../../test-support/backtest-fixtures';
import { differingSettings, quotesOf } from './compare';
import { drawdownOf } from '../../charts/drawdown';
import { fieldErrorsOf, parseSettings, requestOf, type FormValues } from './request-form';

const H = 3_600_000;
const at = (h: number) => new Date(Date.UTC(2023, 2, 12) + h * H).toISOString();

describe('drawdown from the equity points', () => {
  it('is the fall below the peak so far, the starting equity the first peak', () => {
    const points = ['9900', '10100', '9999', '10200', '10098'].map((value, h) => ({ time: at(h), value }));
    const dd = drawdownOf('10000', points);
    expect(dd.map((p) => p.time)).toEqual(points.map((p) => Date.parse(p.time)));
    expect(dd.map((p) => Number(p.pct.toFixed(6)))).toEqual([-1, 0, -1, 0, -1]);
  });

  it('works on the decimal strings, beyond what a double holds exactly', () => {
    // As doubles the start and the peak are one number; in decimal the peak is a new high and the fall exactly half.
    const dd = drawdownOf('9007199254740993.5', [
      { time: at(0), value: '9007199254740993.75' },
      { time: at(1), value: '4503599627370496.875' },
    ]);
    expect(dd.map((p) => p.pct)).toEqual([0, -50]);
    expect(drawdownOf('1', [{ time: 'not a time', value: '1' }])).toEqual([]);
  });
});

const form: FormValues = {
  source: 'files',
  symbols: ' btc/usdc, BTC/USDT ,',
  strategies: ['RSI_Strategy'],
  strategiesText: 'SimpleMA_Cross',
  from: '2023-03-12',
  to: '',
  feeRate: '0.00075',
  slippage: '',
  stopLoss: '2%',
  takeProfit: '',
  trailingStop: '1.5%',
  label: '  a label ',
  other: '# strategy\nRSI_WINDOW = 10\n\nDEMO_BALANCES=USDC=500',
  grid: '',
  rank: 'sharpe',
  walkForward: '',
};

describe('the form as a request', () => {
  it('sends what is filled in, and leaves the rest to the service', () => {
    expect(requestOf(form, { strategyList: true })).toEqual({
      errors: {},
      body: {
        source: 'files',
        symbols: ['BTC/USDC', 'BTC/USDT'],
        strategies: ['RSI_Strategy'],
        from: '2023-03-12',
        label: 'a label',
        settings: {
          RSI_WINDOW: '10',
          DEMO_BALANCES: 'USDC=500',
          FEE_RATE: '0.00075',
          STOP_LOSS: '2%',
          TRAILING_STOP: '1.5%',
        },
      },
    });
    expect(requestOf({ ...form, symbols: '' }, { strategyList: false }).body).toMatchObject({
      strategies: ['SimpleMA_Cross'],
    });
    expect(requestOf({ ...form, symbols: '', strategies: [] }, { strategyList: true }).body).not.toHaveProperty(
      'symbols',
    );
  });

  it('sends a sweep with its grid and ranking, and puts its 400 under the grid or the ranking', () => {
    expect(
      requestOf({ ...form, grid: ' RSI_WINDOW=10|20 ', rank: 'return' }, { strategyList: true }).body,
    ).toMatchObject({
      grid: 'RSI_WINDOW=10|20',
      rank: 'return',
    });
    expect(requestOf(form, { strategyList: true }).body).not.toHaveProperty('grid');
    const grid = 'grid: RSI_WINDOWS is not a setting a backtest can vary; these can: …';
    expect(fieldErrorsOf(grid, [])).toEqual({ grid });
    const combo = 'combination {"RSI_WINDOW":"1"}: RSI_WINDOW must be a whole number from 2 to 1000';
    expect(fieldErrorsOf(combo, [])).toEqual({ grid: combo });
    expect(fieldErrorsOf('rank must be one of sharpe, …', [])).toEqual({ rank: 'rank must be one of sharpe, …' });
  });

  it('sends a walk-forward with its sweep, and says what is wrong with its windows', () => {
    const sweep = { ...form, grid: 'RSI_WINDOW=10|20', walkForward: ' 3 ' };
    expect(requestOf(sweep, { strategyList: true })).toMatchObject({ errors: {}, body: { walkForward: 3 } });
    expect(requestOf({ ...sweep, walkForward: 'three' }, { strategyList: true }).errors).toEqual({
      walkForward: 'must be a whole number of windows, e.g. 3',
    });
    expect(requestOf({ ...form, walkForward: '3' }, { strategyList: true }).errors).toEqual({
      walkForward: 'needs a sweep to choose from',
    });
    const few = 'walkForward 3: too few candles for 4 parts';
    expect(fieldErrorsOf(few, [])).toEqual({ walkForward: few });
    expect(fieldErrorsOf('invalid', [{ field: 'walkForward', message: 'must be at most 12' }])).toEqual({
      walkForward: 'must be at most 12',
    });
  });

  it('refuses a line that is not KEY=VALUE, a key given twice, or a setting that has its own field', () => {
    expect(parseSettings('A=1\nnonsense').error).toBe('line 2: "nonsense" is not KEY=VALUE');
    expect(parseSettings('A=1\nA=2').error).toBe('line 2: A is set twice');
    expect(requestOf({ ...form, other: 'FEE_RATE=0.002' }, { strategyList: true }).errors).toEqual({
      other: 'FEE_RATE is set twice: here and in its own field',
    });
  });

  it("puts the service's 400 under the field it names", () => {
    expect(
      fieldErrorsOf('invalid backtest request: symbols.0 must be a symbol like "BTC/USDC"; to must be after from', [
        { field: 'symbols.0', message: 'must be a symbol like "BTC/USDC"' },
        { field: 'to', message: 'must be after from' },
      ]),
    ).toEqual({ symbols: 'must be a symbol like "BTC/USDC"', to: 'must be after from' });
    expect(
      fieldErrorsOf('settings DATABASE_URL: not something a backtest can set', [
        { field: 'settings.DATABASE_URL', message: 'is not a backtest setting' },
      ]),
    ).toEqual({ other: 'DATABASE_URL is not a backtest setting' });
    expect(fieldErrorsOf('FEE_RATE must be a decimal number', [])).toEqual({
      feeRate: 'FEE_RATE must be a decimal number',
    });
    expect(fieldErrorsOf('STRATEGIES names an unknown strategy "nope"', [])).toEqual({
      strategies: 'STRATEGIES names an unknown strategy "nope"',
    });
    expect(fieldErrorsOf('RSI_WINDOW must be a whole number', [])).toEqual({
      other: 'RSI_WINDOW must be a whole number',
    });
    expect(fieldErrorsOf('a synthetic backtest needs an end', [])).toEqual({});
  });
});

describe('runs compared', () => {
  it('shows only the settings that differ, a run without one on the service default', () => {
    expect(differingSettings([RUN_A, RUN_B])).toEqual([
      { name: 'RSI_WINDOW', values: ['10', '14'] },
      { name: 'STOP_LOSS', values: ['2%', undefined] },
    ]);
    expect(quotesOf([RUN_RUNNING, RUN_B])).toEqual(['USDC', 'USDT']);
  });
});
