import type { Express } from 'express';
import {
  closeAllRequestSchema,
  killSwitchResetSchema,
  pauseRequestSchema,
  resolveSymbol,
  type Order,
} from '@roottrading/contracts';
import { HttpError, validate } from '@roottrading/service';
import type { ActivePause, ControlsState } from '@roottrading/contracts';
import type { OrderWithTrade } from '../repositories/orders.js';
import type { PauseCommand } from '../controls/operator-controls.js';
import { toOrderView } from '../orders/order-view.js';
import { requireOperator } from './operator-auth.js';
import { requireJson } from './require-json.js';

/** What the controls need of an account: the paper account, or the live one. */
export interface ControlledAccount {
  controls(): ControlsState;
  closePositions(filter: { symbol?: string; strategy?: string }, requestedBy: string): Promise<OrderWithTrade[]>;
  resetKillSwitch(requestedBy: string): Promise<{ wasActive: boolean }>;
}

/** Pausing and resuming new entries: the paper account's engine, or live's OperatorControls. */
export interface PauseControls {
  pause(cmd: PauseCommand): Promise<{ created: boolean; pause: ActivePause; controls: ControlsState }>;
  resume(cmd: PauseCommand): Promise<{ resumed: number; controls: ControlsState }>;
}

export interface ControlsRouteDeps {
  account: ControlledAccount;
  controls: PauseControls;
  symbols: readonly string[];
}

/**
 * Operator controls: pause and resume new entries, close positions, reset the kill switch. JSON
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

  /** `{"requestedBy": "alice"}`: the only way to clear a tripped kill switch. */
  app.post('/risk/kill-switch/reset', async (req, res) => {
    requireOperator(req);
    requireJson(req, 'the reset request');
    const body = validate(killSwitchResetSchema, req.body, 'kill-switch reset request');
    const { wasActive } = await account.resetKillSwitch(body.requestedBy);
    res.json({ wasActive, killSwitch: account.controls().killSwitch });
  });
}
