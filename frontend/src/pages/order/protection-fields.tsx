import type { ReactNode } from 'react';
import { Price } from '../../components/amount';
import { Field, inputClass } from '../../components/field';
import type { SymbolPrecision } from '../../format/precision';
import type { LevelInput, TicketField, TrailingInput } from './order-ticket';

export interface ProtectionValues {
  stopLoss: LevelInput;
  takeProfit: LevelInput;
  trailing: TrailingInput;
}

// Side by side in one row: the figure takes the room, its unit only what it needs.
const unitClass = `${inputClass.replace('w-full', 'w-auto')} shrink-0`;
const numberClass = `${inputClass} min-w-0 flex-1 font-mono tabular-nums`;

/**
 * A BUY's protective exits: a stop loss and a take profit, each as a % away from the order's
 * price or as the price itself, and a trailing stop as a % of the high or a price distance. What
 * a % comes to is shown under it, as the price the trader will be sent.
 */
export function ProtectionFields({
  values,
  onChange,
  errorFor,
  computed,
  referenceLabel,
  quote,
  precision,
}: {
  values: ProtectionValues;
  onChange: (patch: Partial<ProtectionValues>) => void;
  errorFor: (field: TicketField) => string | undefined;
  computed: { stopLoss?: string; takeProfit?: string };
  /** "the limit price", "the last price". */
  referenceLabel: string;
  quote: string;
  precision: SymbolPrecision;
}) {
  const sent = (price: string | undefined, level: LevelInput, side: string): ReactNode =>
    price && level.mode === 'percent' ? (
      <>
        Sent as <Price value={price} precision={precision} quote={quote} />: {level.value.trim()} % {side}{' '}
        {referenceLabel}.
      </>
    ) : undefined;
  return (
    <fieldset className="grid gap-3 rounded-lg border border-slate-800 p-3">
      <legend className="px-1 text-xs font-semibold tracking-wide text-slate-300 uppercase">
        Protections (optional)
      </legend>
      <p className="text-xs text-slate-400">
        They go to the position this BUY opens (a limit order keeps them until it fills); the trader puts them on the
        tick, the stop down and the target up.
      </p>
      <div className="grid gap-3 sm:grid-cols-2">
        <LevelField
          label="Stop loss"
          name="stopLoss"
          level={values.stopLoss}
          error={errorFor('stopLoss')}
          hint={sent(computed.stopLoss, values.stopLoss, 'below')}
          onChange={(stopLoss) => onChange({ stopLoss })}
        />
        <LevelField
          label="Take profit"
          name="takeProfit"
          level={values.takeProfit}
          error={errorFor('takeProfit')}
          hint={sent(computed.takeProfit, values.takeProfit, 'above')}
          onChange={(takeProfit) => onChange({ takeProfit })}
        />
      </div>
      <TrailingFields trailing={values.trailing} errorFor={errorFor} onChange={(trailing) => onChange({ trailing })} />
    </fieldset>
  );
}

function LevelField({
  label,
  name,
  level,
  error,
  hint,
  onChange,
}: {
  label: string;
  name: string;
  level: LevelInput;
  error?: string;
  hint?: ReactNode;
  onChange: (level: LevelInput) => void;
}) {
  return (
    <Field label={label} error={error} hint={hint}>
      {(props) => (
        <div className="flex gap-2">
          <input
            {...props}
            name={name}
            inputMode="decimal"
            autoComplete="off"
            placeholder={level.mode === 'percent' ? '2' : 'price'}
            className={numberClass}
            value={level.value}
            onChange={(e) => onChange({ ...level, value: e.target.value })}
          />
          <select
            aria-label={`${label} as`}
            className={unitClass}
            value={level.mode}
            onChange={(e) => onChange({ ...level, mode: e.target.value as LevelInput['mode'] })}
          >
            <option value="percent">%</option>
            <option value="price">price</option>
          </select>
        </div>
      )}
    </Field>
  );
}

function TrailingFields({
  trailing,
  errorFor,
  onChange,
}: {
  trailing: TrailingInput;
  errorFor: (field: TicketField) => string | undefined;
  onChange: (trailing: TrailingInput) => void;
}) {
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      <Field
        label="Trailing stop"
        error={errorFor('trailingStop')}
        hint={
          trailing.mode === 'percent'
            ? 'Follows the highest price since entry, this % below it; never moves down.'
            : 'Follows the highest price since entry, this far below it; never moves down.'
        }
      >
        {(props) => (
          <div className="flex gap-2">
            <input
              {...props}
              name="trailingStop"
              inputMode="decimal"
              autoComplete="off"
              placeholder={trailing.mode === 'percent' ? '1.5' : 'distance'}
              className={numberClass}
              value={trailing.value}
              onChange={(e) => onChange({ ...trailing, value: e.target.value })}
            />
            <select
              aria-label="Trailing stop as"
              className={unitClass}
              value={trailing.mode}
              onChange={(e) => onChange({ ...trailing, mode: e.target.value as TrailingInput['mode'] })}
            >
              <option value="percent">% of high</option>
              <option value="distance">price distance</option>
            </select>
          </div>
        )}
      </Field>
      <Field label="Trail starts after a gain of (%)" error={errorFor('trailingActivation')} hint="Empty: at once.">
        {(props) => (
          <input
            {...props}
            name="trailingActivation"
            inputMode="decimal"
            autoComplete="off"
            placeholder="1"
            className={numberClass}
            value={trailing.activation}
            onChange={(e) => onChange({ ...trailing, activation: e.target.value })}
          />
        )}
      </Field>
    </div>
  );
}
