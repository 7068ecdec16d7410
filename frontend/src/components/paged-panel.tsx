import type { ReactNode } from 'react';
import type { Resource } from '../hooks/use-resource';
import { Pagination } from './pagination';
import { Panel } from './panel';

interface Paged {
  mode: string;
  page: number;
  pages: number;
  total: number;
}

/**
 * A panel holding one page of a list: its count and account in the header, the rows dimmed while
 * the next page loads (the previous one stays visible), and the page controls under them.
 */
export function PagedPanel<T extends Paged>({
  id,
  title,
  resource,
  noun,
  empty,
  onPage,
  children,
}: {
  id: string;
  title: string;
  resource: Resource<T>;
  /** What the rows are, plural ("trades"). */
  noun: string;
  empty: ReactNode;
  onPage: (page: number) => void;
  children: (data: T) => ReactNode;
}) {
  return (
    <Panel
      id={id}
      title={title}
      resource={resource}
      isEmpty={(p) => p.total === 0}
      empty={empty}
      aside={resource.data && <span>{`${resource.data.total} ${noun} · ${resource.data.mode} account`}</span>}
    >
      {(p) => (
        <>
          <div className={resource.loading ? 'opacity-60 transition-opacity' : undefined}>{children(p)}</div>
          <Pagination
            page={p.page}
            pages={p.pages}
            total={p.total}
            noun={noun}
            disabled={resource.loading}
            onPage={onPage}
          />
        </>
      )}
    </Panel>
  );
}
