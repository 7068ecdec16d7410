import { useId, type ReactNode } from 'react';
import { Field, inputClass } from '../../components/field';
import type { FieldErrors, FieldName, FormValues } from './request-form';

export interface FieldProps {
  values: FormValues;
  errors: FieldErrors;
  onChange: (patch: Partial<FormValues>) => void;
}

/** One text-like input of the form, its error (the service's, once it answered) and hint under it. */
export function TextField({
  name,
  label,
  hint,
  placeholder,
  type = 'text',
  values,
  errors,
  onChange,
}: FieldProps & {
  name: Exclude<FieldName, 'strategies' | 'source'>;
  label: string;
  hint?: ReactNode;
  placeholder?: string;
  type?: 'text' | 'date';
}) {
  return (
    <Field label={label} error={errors[name]} hint={hint}>
      {(props) =>
        name === 'other' ? (
          <textarea
            {...props}
            rows={4}
            className={`${inputClass} font-mono`}
            placeholder={placeholder}
            spellCheck={false}
            value={values.other}
            onChange={(e) => onChange({ other: e.target.value })}
          />
        ) : (
          <input
            {...props}
            type={type}
            className={inputClass}
            placeholder={placeholder}
            autoComplete="off"
            spellCheck={false}
            value={values[name]}
            onChange={(e) => onChange({ [name]: e.target.value })}
          />
        )
      }
    </Field>
  );
}

/** Checkboxes for the strategies the analyzer runs; none ticked is the backtest service's STRATEGIES. */
export function StrategyField({ names, values, errors, onChange }: FieldProps & { names: readonly string[] }) {
  const id = useId();
  const error = errors.strategies;
  const toggle = (name: string, on: boolean) =>
    onChange({
      strategies: on ? [...values.strategies, name] : values.strategies.filter((s) => s !== name),
    });
  return (
    <fieldset
      className="min-w-0"
      aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
      aria-invalid={Boolean(error)}
    >
      <legend className="mb-1 block text-xs font-semibold tracking-wide text-slate-300 uppercase">Strategies</legend>
      <div className="flex flex-wrap gap-x-4 gap-y-1">
        {names.map((n) => (
          <label key={n} className="flex items-center gap-2 text-sm text-slate-200">
            <input
              type="checkbox"
              checked={values.strategies.includes(n)}
              onChange={(e) => toggle(n, e.target.checked)}
            />
            {n}
          </label>
        ))}
      </div>
      {error && (
        <p id={`${id}-error`} className="mt-1 text-sm text-red-300" role="alert">
          {error}
        </p>
      )}
      <p id={`${id}-hint`} className="mt-1 text-xs text-slate-400">
        None ticked: the backtest service&apos;s STRATEGIES.
      </p>
    </fieldset>
  );
}
