import type { Express } from 'express';
import {
  closeAllRequestSchema,
  closePositionRequestSchema,
  killSwitchResetSchema,
  pauseRequestSchema,
  resolveSymbol,
  type Order,
} from '@roottrading/contracts';
import type { Db } from '@roottrading/db';
import { HttpError, validate } from '@roottrading/service';
import type { ActivePause, ControlsState } from '@roottrading/contracts';
import { findClosedPosition } from '../repositories/closed-positions.js';
import type { OrderWithTrade } from '../repositories/orders.js';
import type { ClosePositionCommand, ClosePositionOutcome } from '../runner/engine-account.js';
import type { PauseCommand } from '../controls/operator-controls.js';
import { toOrderView } from '../orders/order-view.js';
import { requireOperator } from './operator-auth.js';
import { requireJson } from './require-json.js';

/** What the controls need of an account: the paper account, or the live one. */
export interface ControlledAccount {
  controls(): ControlsState;
  closePositions(filter: { symbol?: string; strategy?: string }, requestedBy: string): Promise<OrderWithTrade[]>;
  closePosition(cmd: ClosePositionCommand): Promise<ClosePositionOutcome>;
  resetKillSwitch(requestedBy: string): Promise<{ wasActive: boolean }>;
}

/** Pausing and resuming new entries: the paper account's engine, or live's OperatorControls. */
export interface PauseControls {
  pause(cmd: PauseCommand): Promise<{ created: boolean; pause: ActivePause; controls: ControlsState }>;
  resume(cmd: PauseCommand): Promise<{ resumed: number; controls: ControlsState }>;
}

export interface ControlsRouteDeps {
  db: Db;
  /** Which account's rows: the paper one, or the exchange's. */
  demo: boolean;
  account: ControlledAccount;
  controls: PauseControls;
  symbols: readonly string[];
}

/**
 * Operator controls: pause and resume new entries, close positions (all, a scope's, or one), reset
 * the kill switch. JSON
 * only, validated with the contracts' schemas; each is recorded in operator_actions with who asked
 * (requestedBy) and when.
 */
export function mountControlsRoutes(app: Express, deps: ControlsRouteDeps): void {
  const { account, controls, symbols } = deps;

  const symbolOf = (input: string, field: string): string => {
    const symbol = resolveSymbol(input, symbols);
    if (symbol === undefined) {
      const message = `must be one of ${symbols.join(', ')}`;
      throw new HttpError(400, `invalid request: ${field} "${input}" ${message}`, [{ field, message }]);
    }
    return symbol;
  };

  app.get('/controls', (_req, res) => {
    res.json(account.controls());
  });

  /** `{"scope": "all" | "strategy" | "symbol", "target"?: "RSI_Strategy" | "BTCUSDC", "requestedBy": "alice"}` */
  app.post('/controls/pause', async (req, res) => {
    requireOperator(req);
    requireJson(req, 'the pause request');
    const body = validate(pauseRequestSchema, req.body, 'pause request');
    const target = body.scope === 'symbol' ? symbolOf(body.target!, 'target') : (body.target ?? null);
    const result = await controls.pause({ scope: body.scope, target, requestedBy: body.requestedBy });
    res.status(result.created ? 201 : 200).json(result);
  });

  app.post('/controls/resume', async (req, res) => {
    requireOperator(req);
    requireJson(req, 'the resume request');
    const body = validate(pauseRequestSchema, req.body, 'resume request');
    const target = body.scope === 'symbol' ? symbolOf(body.target!, 'target') : (body.target ?? null);
    res.json(await controls.resume({ scope: body.scope, target, requestedBy: body.requestedBy }));
  });

  /** `{"scope": "all" | "strategy" | "symbol", "target"?: "RSI_Strategy" | "BTCUSDC", "requestedBy": "alice"}`: sells each matching position whole, reason "manual". */
  app.post('/positions/close-all', async (req, res) => {
    requireOperator(req);
    requireJson(req, 'the close-all request');
    const body = validate(closeAllRequestSchema, req.body, 'close-all request');
    const filter =
      body.scope === 'symbol'
        ? { symbol: symbolOf(body.target!, 'target') }
        : body.scope === 'strategy'
          ? { strategy: body.target! }
          : {};
    const results = await account.closePositions(filter, body.requestedBy);
    const orders: Order[] = results.map((r) => toOrderView(r));
    res.json({
      orders,
      closed: orders.filter((o) => o.status === 'filled').length,
      rejected: orders.filter((o) => o.status !== 'filled').length,
    });
  });

  /** `{"strategy": "RSI_Strategy", "symbol": "BTCUSDC", "openedAt"?: "…", "requestedBy": "alice"}`: sells that one position whole. */
  app.post('/positions/close', async (req, res) => {
    requireOperator(req);
    requireJson(req, 'the close request');
    const body = validate(closePositionRequestSchema, req.body, 'close request');
    const cmd = {
      strategy: body.strategy,
      symbol: symbolOf(body.symbol, 'symbol'),
      ...(body.openedAt !== undefined && { openedAt: new Date(body.openedAt) }),
      requestedBy: body.requestedBy,
    };
    const outcome = await account.closePosition(cmd);
    if (outcome.kind !== 'closed') throw await closeRefused(deps, cmd, outcome);
    const order = toOrderView(outcome.result);
    if (order.status === 'rejected' || order.status === 'expired') {
      res.status(422).json({ error: order.reason ?? `order ${order.status}`, order });
    } else res.json({ order });
  });

  /** `{"requestedBy": "alice"}`: the only way to clear a tripped kill switch. */
  app.post('/risk/kill-switch/reset', async (req, res) => {
    requireOperator(req);
    requireJson(req, 'the reset request');
    const body = validate(killSwitchResetSchema, req.body, 'kill-switch reset request');
    const { wasActive } = await account.resetKillSwitch(body.requestedBy);
    res.json({ wasActive, killSwitch: account.controls().killSwitch });
  });
}

/** The 404 or 409 of a close that was refused, saying what became of the position asked for. */
async function closeRefused(
  deps: ControlsRouteDeps,
  cmd: ClosePositionCommand,
  outcome: Exclude<ClosePositionOutcome, { kind: 'closed' }>,
): Promise<HttpError> {
  const what = `${cmd.strategy}'s ${cmd.symbol} position`;
  if (outcome.kind === 'exit-in-flight') {
    return new HttpError(
      409,
      `an exit of ${what} is already in flight${outcome.orderId ? ` (order ${outcome.orderId})` : ''}`,
    );
  }
  const closed = cmd.openedAt
    ? await findClosedPosition(
        deps.db,
        { strategy: cmd.strategy, symbol: cmd.symbol, openedAt: cmd.openedAt },
        deps.demo,
      )
    : undefined;
  const since =
    outcome.kind === 'reopened' && outcome.openedAt
      ? `; the one open now opened at ${outcome.openedAt.toISOString()}`
      : '';
  if (closed) {
    return new HttpError(
      409,
      `${what} opened at ${cmd.openedAt!.toISOString()} is already closed (exit reason ${closed.exitReason}, at ${closed.closedAt.toISOString()})${since}`,
    );
  }
  if (outcome.kind === 'reopened') {
    return new HttpError(404, `${what} opened at ${cmd.openedAt!.toISOString()} is not open${since}`);
  }
  return new HttpError(404, `no open ${what}`);
}
