import type { Express } from 'express';
import { toPlain } from '@roottrading/accounting';
import type { LiveAccountResponse } from '@roottrading/contracts';
import { HttpError } from '@roottrading/service';
import { requireOperator } from '../http/operator-auth.js';
import { trailingRuleOf } from '../orders/trailing-rule.js';
import type { EngineRunner } from '../runner/engine-runner.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import type { LiveBalancePublisher } from './live-balance-publisher.js';

export interface LiveRouteDeps {
  breaker: CircuitBreaker;
  publisher: LiveBalancePublisher;
  runner: EngineRunner;
}

/** Why a manual order cannot go out now (the circuit breaker is not closed), or null. */
export function tradingPaused(breaker: CircuitBreaker): string | null {
  if (breaker.state === 'closed') return null;
  return `trading is paused: the exchange circuit breaker is ${breaker.state} (POST /live/breaker/reset to retry now)`;
}

/**
 * Live mode's own routes beside the shared ones: the circuit breaker, the account as the trader
 * holds it (the exchange's balances are on `account:balances`), and a reset that cannot be.
 * Every route that changes state runs requireOperator first (the bearer token).
 */
export function mountLiveRoutes(app: Express, deps: LiveRouteDeps): void {
  app.post('/live/breaker/reset', (req, res) => {
    requireOperator(req);
    deps.breaker.reset();
    res.json({ breaker: deps.breaker.status() });
  });

  app.get('/account', (_req, res) => {
    const positions = [...deps.runner.state.positions.values()].sort((a, b) =>
      a.symbol === b.symbol ? (a.strategy < b.strategy ? -1 : 1) : a.symbol < b.symbol ? -1 : 1,
    );
    const body: LiveAccountResponse = {
      mode: 'live',
      balanceError: deps.publisher.lastError,
      positions: positions.map((p) => ({
        strategy: p.strategy,
        symbol: p.symbol,
        quantity: toPlain(p.life.holding.quantity),
        cost: toPlain(p.life.holding.cost),
        openedAt: p.life.openedAt?.toISOString() ?? null,
        stopLoss: p.protection.stopLoss ? toPlain(p.protection.stopLoss) : null,
        takeProfit: p.protection.takeProfit ? toPlain(p.protection.takeProfit) : null,
        trailingStop: p.protection.trailing ? trailingRuleOf(p.protection.trailing) : null,
        trailingStopPrice: p.trail?.stop ? toPlain(p.trail.stop) : null,
        exitPending: p.exitOrderId !== null,
      })),
    };
    res.json(body);
  });

  app.post('/account/reset', (req) => {
    requireOperator(req);
    throw new HttpError(409, 'the live account is the exchange account: it cannot be reset');
  });
}
