/** @jest-environment jsdom */
import { afterEach, describe, expect, it } from '@jest/globals';
import { cleanup, render, screen } from '@testing-library/react';
import { FeedDown } from './feed-down';
import { MarketSource } from './market-source';

afterEach(cleanup);

describe('the market feed notice', () => {
  it('says the feed is down, with the gateway’s error, when it retries, and how to run offline', () => {
    render(
      <FeedDown
        feed={{
          state: 'retrying',
          lastCandleAt: null,
          lastError: 'getaddrinfo ENOTFOUND api.binance.com',
          nextRetryAt: '2026-12-03T12:00:30.000Z',
        }}
      />,
    );
    const alert = screen.getByRole('alert', { name: 'market feed down' });
    expect(alert.textContent).toContain('The market feed is down: no new prices have arrived yet.');
    expect(alert.textContent).toContain('The gateway says: getaddrinfo ENOTFOUND api.binance.com');
    expect(alert.textContent).toContain('It tries again at');
    expect(alert.textContent).toContain('MARKET_SOURCE=synthetic pnpm start');
    expect(alert.textContent).toContain('MARKET_SOURCE=replay REPLAY_DIR=data/sample MARKET_SPEED=60 pnpm start');
  });

  it('says nothing while the feed is live, finished, or not known', () => {
    const { container, rerender } = render(<FeedDown feed={{ state: 'live', lastCandleAt: null }} />);
    expect(container.textContent).toBe('');
    rerender(<FeedDown feed={{ state: 'finished' }} />);
    expect(container.textContent).toBe('');
    rerender(<FeedDown feed={undefined} />);
    expect(container.textContent).toBe('');
  });

  it('has the header say the exchange’s prices are not coming, instead of "real exchange prices"', () => {
    render(<MarketSource source="ccxt:binance" gatewayDown={false} feedDown />);
    expect(screen.getByLabelText(/market source BINANCE/).getAttribute('aria-label')).toBe(
      'market source BINANCE: feed down: no new prices',
    );
  });
});
