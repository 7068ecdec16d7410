import type { WalkForwardView } from '@roottrading/contracts';
import { TableHead } from '../../components/table-head';
import { formatDateTime } from '../../format/time';
import { ratioText } from './figures';

const combinationText = (settings: Record<string, string>) =>
  Object.entries(settings)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');

const cell = 'py-2 pr-3';
const figure = `${cell} text-right font-mono tabular-nums`;

/**
 * A walk-forward's verdict: per window the combination that scored best on its training part and
 * what it scored on the part after; per combination its mean in and out of sample. Out-of-sample
 * scores far below in-sample ones mean the grid is fitting noise.
 */
export function WalkForwardTables({ walk, rank }: { walk: WalkForwardView; rank: string }) {
  return (
    <div className="grid gap-4" data-walk-forward>
      <div className="overflow-x-auto">
        <table className="w-full text-sm whitespace-nowrap">
          <caption className="mb-1 text-left text-slate-300">
            Walk-forward: the best in sample, judged on the next window
          </caption>
          <TableHead
            columns={[
              { label: 'Window' },
              { label: 'Train' },
              { label: 'Test' },
              { label: 'Best in sample' },
              { label: `In sample (${rank})`, right: true },
              { label: `Out of sample (${rank})`, right: true },
            ]}
          />
          <tbody>
            {walk.windows.map((w, i) => (
              <tr key={w.train.from} className="border-t border-slate-800" data-walk-window={i + 1}>
                <td className={`${cell} tabular-nums`}>{i + 1}</td>
                <td className={cell}>
                  {formatDateTime(w.train.from)} → {formatDateTime(w.train.to)}
                </td>
                <td className={cell}>
                  {formatDateTime(w.test.from)} → {formatDateTime(w.test.to)}
                </td>
                <td className={`${cell} font-mono`}>{w.best ? combinationText(w.best.settings) : 'not scored yet'}</td>
                <td className={figure}>{ratioText(w.best?.inSample ?? null)}</td>
                <td className={figure}>{ratioText(w.best?.outOfSample ?? null)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="overflow-x-auto">
        <table className="w-full text-sm whitespace-nowrap">
          <caption className="mb-1 text-left text-slate-300">Each combination's mean over the windows</caption>
          <TableHead
            columns={[
              { label: 'Combination' },
              { label: 'In sample', right: true },
              { label: 'Out of sample', right: true },
            ]}
          />
          <tbody>
            {walk.combinations.map((c) => (
              <tr key={combinationText(c.settings)} className="border-t border-slate-800">
                <td className={`${cell} font-mono`}>{combinationText(c.settings)}</td>
                <td className={figure}>{ratioText(c.inSample)}</td>
                <td className={figure}>{ratioText(c.outOfSample)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
