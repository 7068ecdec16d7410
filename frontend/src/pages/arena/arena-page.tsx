import type { ArenaResponse } from '@roottrading/contracts';
import { loadArena } from '../../api/endpoints';
import { Panel } from '../../components/panel';
import { useRefresh, useResource } from '../../hooks/use-resource';
import { ArenaChart, INSTANCE_COLORS, type ArenaCurve } from './arena-chart';
import { ArenaTable } from './arena-table';

/** Each quote currency's curves: every budgeted instance's equity as a return on its budget, in %. */
export function curvesByQuote(body: ArenaResponse, colorOf: (name: string) => string): Map<string, ArenaCurve[]> {
  const out = new Map<string, ArenaCurve[]>();
  for (const instance of body.instances) {
    for (const s of instance.standings) {
      if (s.budget === null || s.equity.length === 0) continue;
      const budget = Number(s.budget);
      const points = s.equity.map((p) => ({ time: p.time, value: (Number(p.value) / budget - 1) * 100 }));
      out.set(s.currency, [
        ...(out.get(s.currency) ?? []),
        { name: instance.name, color: colorOf(instance.name), points },
      ]);
    }
  }
  return out;
}

/**
 * The arena: the strategy instances ranked by return on their own budget, their figures side by
 * side and their equity curves overlaid per quote currency; it reloads as the account changes.
 */
export function ArenaPage() {
  const refresh = useRefresh({ account: true });
  const arena = useResource('arena', loadArena, refresh);
  return (
    <Panel
      id="panel-arena"
      title="Arena"
      resource={arena}
      isEmpty={(a) => a.instances.length === 0}
      empty="No strategy instance has traded yet. List instances with budgets in STRATEGIES_FILE to rank them from the start."
    >
      {(a) => <ArenaBody body={a} />}
    </Panel>
  );
}

function ArenaBody({ body }: { body: ArenaResponse }) {
  const names = body.instances.map((i) => i.name);
  const colorOf = (name: string) => INSTANCE_COLORS[Math.max(0, names.indexOf(name)) % INSTANCE_COLORS.length]!;
  const curves = curvesByQuote(body, colorOf);
  return (
    <div className="grid gap-6">
      <p className="text-sm text-slate-400">
        {body.source === 'file'
          ? 'The instances of STRATEGIES_FILE, best return on budget first.'
          : 'Every strategy that has traded (no STRATEGIES_FILE: no budgets, ranked by net P&L).'}
      </p>
      <ArenaTable instances={body.instances} colorOf={colorOf} />
      {[...curves].map(([quote, list]) => (
        <section key={quote} aria-label={`equity curves in ${quote}`} className="grid gap-2">
          <h3 className="text-sm font-semibold text-slate-200">Return on budget, {quote}</h3>
          <ArenaChart quote={quote} curves={list} />
        </section>
      ))}
    </div>
  );
}
