import type { Request } from 'express';
import { dec, toPlain, type Decimal } from '@roottrading/accounting';
import { resolveSymbol, tradeRequestSchema, type TradeRequest } from '@roottrading/contracts';
import { HttpError, validate } from '@roottrading/service';
import { readIdempotencyKey } from './idempotency-key.js';
import { requireJson } from './require-json.js';

const MAX_QUANTITY = dec('1e15');

export interface ManualTradeRequest {
  body: TradeRequest;
  idempotencyKey: string | undefined;
  symbol: string;
  quantity: Decimal;
  /** The protections asked for, only on a BUY (market or limit); undefined when none. */
  protection: Partial<Pick<TradeRequest, 'stopLoss' | 'takeProfit' | 'trailingStop'>> | undefined;
}

/**
 * `POST /trade`'s request, checked the same way in demo and live mode before anything is written:
 * JSON body, Idempotency-Key, symbol among SYMBOLS, a quantity NUMERIC(38,18) can hold, and
 * protections only where they can belong to a position (a BUY). Each problem is a 400
 * naming its field.
 */
export function readTradeRequest(req: Request, symbols: readonly string[]): ManualTradeRequest {
  const idempotencyKey = readIdempotencyKey(req.get('Idempotency-Key'));
  requireJson(req, 'the order');
  const body = validate(tradeRequestSchema, req.body, 'trade request');
  const symbol = resolveSymbol(body.symbol, symbols);
  if (symbol === undefined) {
    const message = `must be one of ${symbols.join(', ')}`;
    throw new HttpError(400, `invalid trade request: symbol "${body.symbol}" ${message}`, [
      { field: 'symbol', message },
    ]);
  }
  const quantity = dec(body.quantity);
  if (quantity.gte(MAX_QUANTITY)) {
    const message = `must be less than ${toPlain(MAX_QUANTITY)}`;
    throw new HttpError(400, `invalid trade request: quantity ${message}`, [{ field: 'quantity', message }]);
  }
  const protection = {
    ...(body.stopLoss !== undefined && { stopLoss: body.stopLoss }),
    ...(body.takeProfit !== undefined && { takeProfit: body.takeProfit }),
    ...(body.trailingStop !== undefined && { trailingStop: body.trailingStop }),
  };
  const protects = Object.keys(protection);
  // A limit BUY keeps them with the order until it fills, then the position it opens takes them.
  if (protects.length > 0 && body.side === 'SELL') {
    const message = 'only a BUY can set protections (they belong to the position it opens)';
    throw new HttpError(400, `invalid trade request: ${protects.join(', ')} ${message}`, [
      { field: protects[0]!, message },
    ]);
  }
  return { body, idempotencyKey, symbol, quantity, protection: protects.length > 0 ? protection : undefined };
}
