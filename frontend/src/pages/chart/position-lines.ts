import type { OpenPosition } from '@roottrading/contracts';

/** A horizontal line across the price pane at one of an open position's levels. */
export interface PositionLine {
  id: string;
  /** The decimal text, for the title; the line is drawn at its float. */
  price: string;
  title: string;
  color: string;
  style: 'solid' | 'dashed' | 'dotted';
}

/**
 * The levels of the symbol's open positions, one set per strategy holding it: entry (the average
 * entry price), stop loss, take profit and where the trailing stop stands now (only once it is
 * active: before that it has no price). Titles name the strategy when two hold the symbol.
 */
export function positionLines(positions: readonly OpenPosition[], symbol: string): PositionLine[] {
  const held = positions.filter((p) => p.symbol === symbol);
  const named = held.length > 1;
  return held.flatMap((p) => {
    const who = named ? ` ${p.strategy}` : '';
    const line = (kind: string, price: string | null, color: string, style: PositionLine['style']) =>
      price === null ? [] : [{ id: `${p.strategy}:${kind}`, price, title: `${kind}${who}`, color, style }];
    return [
      ...line('entry', p.averageEntryPrice, '#94a3b8', 'solid'),
      ...line('stop', p.stopLoss, '#ef4444', 'dashed'),
      ...line('target', p.takeProfit, '#22c55e', 'dashed'),
      ...line('trailing', p.trailingStopPrice, '#f59e0b', 'dotted'),
    ];
  });
}
