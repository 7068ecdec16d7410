import type { ReactNode } from 'react';
import { ChoiceGroup } from '../../components/choice-group';
import { Field, inputClass } from '../../components/field';
import type { TicketField, TicketValues } from './order-ticket';

const SIDES = [
  { value: 'BUY', label: 'BUY', chosenClass: 'border-emerald-500 bg-emerald-500/20 text-emerald-200' },
  { value: 'SELL', label: 'SELL', chosenClass: 'border-red-500 bg-red-500/20 text-red-200' },
] as const;
const TYPES = [
  { value: 'market', label: 'Market' },
  { value: 'limit', label: 'Limit' },
] as const;

const numberClass = `${inputClass} font-mono tabular-nums`;

/** What the order is: symbol, side, market or limit, quantity and the limit price. */
export function OrderFields({
  values,
  symbols,
  base,
  quote,
  available,
  errorFor,
  onChange,
}: {
  values: TicketValues;
  symbols: readonly string[];
  base: string;
  quote: string;
  /** "Available: 1,000.00 USDC" under the quantity. */
  available?: ReactNode;
  errorFor: (field: TicketField) => string | undefined;
  onChange: (patch: Partial<TicketValues>) => void;
}) {
  return (
    <>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Symbol" error={errorFor('symbol')}>
          {(props) => (
            <select
              {...props}
              name="symbol"
              className={inputClass}
              value={values.symbol}
              onChange={(e) => onChange({ symbol: e.target.value })}
            >
              {symbols.length === 0 && <option value="">no symbols known yet</option>}
              {symbols.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          )}
        </Field>
        <ChoiceGroup
          legend="Side"
          name="side"
          value={values.side}
          choices={SIDES}
          error={errorFor('side')}
          onChange={(side) => onChange({ side })}
        />
      </div>
      <ChoiceGroup
        legend="Order type"
        name="type"
        value={values.type}
        choices={TYPES}
        error={errorFor('type')}
        onChange={(type) => onChange({ type })}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label={`Quantity${base ? ` (${base})` : ''}`} error={errorFor('quantity')} hint={available}>
          {(props) => (
            <input
              {...props}
              name="quantity"
              type="text"
              inputMode="decimal"
              autoComplete="off"
              placeholder="0.001"
              className={numberClass}
              value={values.quantity}
              onChange={(e) => onChange({ quantity: e.target.value })}
            />
          )}
        </Field>
        {values.type === 'limit' && (
          <Field
            label={`Limit price${quote ? ` (${quote})` : ''}`}
            error={errorFor('price')}
            hint="On the market's tick; it rests until a candle trades through it."
          >
            {(props) => (
              <input
                {...props}
                name="price"
                type="text"
                inputMode="decimal"
                autoComplete="off"
                className={numberClass}
                value={values.price}
                onChange={(e) => onChange({ price: e.target.value })}
              />
            )}
          </Field>
        )}
      </div>
    </>
  );
}
