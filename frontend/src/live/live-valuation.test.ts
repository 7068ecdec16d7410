import { describe, expect, it } from '@jest/globals';
import type { Candle, OpenPosition, Summary } from '@roottrading/contracts';
import { liveSummary, revaluePosition } from './live-valuation';

const position: OpenPosition = {
  strategy: 'manual',
  symbol: 'BTC/USDC',
  quantity: '0.002',
  averageEntryPrice: '30000',
  cost: '60',
  lastPrice: '30100',
  marketValue: '60.2',
  unrealizedPnl: '0.2',
  realizedGross: '0',
  fees: '0.06',
  openedAt: null,
  stopLoss: null,
  takeProfit: null,
  trailingStop: null,
  trailingStopPrice: null,
};
const candle = (close: string) => ({ symbol: 'BTC/USDC', close }) as Candle;

const summary: Summary = {
  mode: 'demo',
  updatedAt: '2024-01-01T00:00:10.000Z',
  currencies: [
    {
      currency: 'USDC',
      totalValue: '10000.2',
      cash: '9940',
      holdingsValue: '60.2',
      holdingsCost: '60',
      startingCash: '10000',
      realizedPnl: '0',
      feesPaid: '0.06',
      realizedNet: '-0.06',
      tradeCount: 1,
    },
  ],
};
const push = (timestamp: number, holdingsValue: string) => ({
  mode: 'demo' as const,
  timestamp,
  totals: [
    { currency: 'USDC', total: `99${holdingsValue}`, cash: '9940', holdingsValue, holdingsCost: '60', prices: {} },
  ],
});

describe('live valuation', () => {
  it('values an open position at the latest pushed close, as the portfolio defines it', () => {
    expect(revaluePosition(position, candle('29950.5'))).toMatchObject({
      lastPrice: '29950.5',
      marketValue: '59.901',
      unrealizedPnl: '-0.099',
    });
    expect(revaluePosition(position, undefined)).toBe(position);
  });

  it("takes the account's value from a push newer than the summary, and only then", () => {
    const at = Date.parse(summary.updatedAt!);
    const live = liveSummary(summary, push(at + 1, '61'));
    expect(live.currencies[0]).toMatchObject({ totalValue: '9961', holdingsValue: '61', holdingsCost: '60' });
    expect(live.updatedAt).toBe(new Date(at + 1).toISOString());
    expect(liveSummary(summary, push(at, '61'))).toBe(summary);
    expect(liveSummary(summary, { ...push(at + 1, '61'), mode: 'live' })).toBe(summary);
    expect(liveSummary(summary, undefined)).toBe(summary);
  });
});
