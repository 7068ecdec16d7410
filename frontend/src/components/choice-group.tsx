import { useId } from 'react';

export interface Choice<V extends string> {
  value: V;
  label: string;
  /** The chosen option's colours (BUY green, SELL red); sky by default. */
  chosenClass?: string;
}

const CHOSEN = 'border-sky-500 bg-sky-500/20 text-sky-100';

/** A row of radio buttons that look like a segmented control, with a legend and its error. */
export function ChoiceGroup<V extends string>({
  legend,
  name,
  value,
  choices,
  error,
  onChange,
}: {
  legend: string;
  name: string;
  value: V;
  choices: readonly Choice<V>[];
  error?: string;
  onChange: (value: V) => void;
}) {
  const errorId = useId();
  return (
    <fieldset aria-describedby={error ? errorId : undefined} className="min-w-0">
      <legend className="mb-1 block text-xs font-semibold tracking-wide text-slate-300 uppercase">{legend}</legend>
      <div className="grid gap-2" style={{ gridTemplateColumns: `repeat(${choices.length}, minmax(0, 1fr))` }}>
        {choices.map((c) => (
          <label
            key={c.value}
            className={`flex cursor-pointer items-center justify-center gap-2 rounded-md border px-3 py-2 text-sm font-bold has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-sky-400 ${
              value === c.value ? (c.chosenClass ?? CHOSEN) : 'border-slate-600 text-slate-300'
            }`}
          >
            <input
              type="radio"
              name={name}
              value={c.value}
              checked={value === c.value}
              className="sr-only"
              onChange={() => onChange(c.value)}
            />
            {c.label}
          </label>
        ))}
      </div>
      {error && (
        <p id={errorId} role="alert" className="mt-1 text-sm text-red-300">
          {error}
        </p>
      )}
    </fieldset>
  );
}
