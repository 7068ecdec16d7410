import { Link } from '../router';

export const PAGES = [
  { path: '/', label: 'Dashboard' },
  { path: '/trades', label: 'Trades' },
  { path: '/closed-trades', label: 'Closed trades' },
  { path: '/profit', label: 'Profit' },
  { path: '/order', label: 'Manual order' },
  { path: '/chart', label: 'Chart' },
  { path: '/strategies', label: 'Strategies' },
  { path: '/arena', label: 'Arena' },
  { path: '/not-traded', label: 'Not traded' },
  { path: '/controls', label: 'Controls' },
  { path: '/backtest', label: 'Backtest' },
  { path: '/logs', label: 'Logs' },
  { path: '/settings', label: 'Settings' },
] as const;

export function Nav({ current }: { current: string }) {
  return (
    <nav aria-label="pages">
      <ul className="flex flex-wrap gap-1 whitespace-nowrap">
        {PAGES.map((p) => {
          const active = p.path === '/' ? current === '/' : current.startsWith(p.path);
          return (
            <li key={p.path}>
              <Link
                href={p.path}
                aria-current={active ? 'page' : undefined}
                className={`block rounded-md px-3 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-sky-400 ${
                  active ? 'bg-slate-800 text-white' : 'text-slate-300 hover:bg-slate-800/60 hover:text-white'
                }`}
              >
                {p.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
