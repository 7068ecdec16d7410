import type { GatewayDetails } from '../api/types';
import { useAppData } from '../app-data';
import { formatDateTime } from '../format/time';

/** The feed states in which no new candle is coming: the gateway is trying to reach the exchange. */
const DOWN_STATES = new Set(['retrying']);

export function isFeedDown(feed: GatewayDetails['feed']): boolean {
  return feed?.state !== undefined && DOWN_STATES.has(feed.state);
}

/**
 * Says plainly, where prices are shown, that the market feed is down and why (without network the
 * default ccxt source never connects and every page would just wait), and how to run offline.
 */
export function FeedDown({ feed }: { feed: GatewayDetails['feed'] }) {
  if (!feed || !isFeedDown(feed)) return null;
  return (
    <div
      role="alert"
      aria-label="market feed down"
      className="rounded-xl border border-amber-700 bg-amber-950/50 px-4 py-3 text-sm text-amber-100"
    >
      <p className="font-semibold">
        The market feed is down: no new prices
        {feed.lastCandleAt ? ` since ${formatDateTime(feed.lastCandleAt)}` : ' have arrived yet'}.
      </p>
      {feed.lastError && <p className="mt-1 break-words">The gateway says: {feed.lastError}</p>}
      {feed.nextRetryAt && <p className="mt-1">It tries again at {formatDateTime(feed.nextRetryAt)}.</p>}
      <p className="mt-2 text-amber-200">
        Without a network, run on prices that need none:{' '}
        <code className="rounded bg-slate-900 px-1">MARKET_SOURCE=synthetic pnpm start</code> (a random walk), or{' '}
        <code className="rounded bg-slate-900 px-1">
          MARKET_SOURCE=replay REPLAY_DIR=data/sample MARKET_SPEED=60 pnpm start
        </code>{' '}
        (a week of real candles shipped in the repository).
      </p>
    </div>
  );
}

/** FeedDown for the gateway the page knows of. */
export function FeedDownNotice() {
  const { gateway } = useAppData();
  return <FeedDown feed={gateway?.feed} />;
}
