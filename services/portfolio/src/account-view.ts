import type { BalancesMessage, TotalBalanceMessage, TradingMode } from '@roottrading/contracts';

/**
 * The latest account state the trader published, for one trading mode: messages of the other
 * mode are ignored so demo and live figures never mix.
 */
export class AccountView {
  balances: BalancesMessage | undefined;
  totals: TotalBalanceMessage | undefined;

  constructor(readonly mode: TradingMode) {}

  acceptBalances(message: BalancesMessage): void {
    if (message.mode === this.mode && (!this.balances || message.timestamp >= this.balances.timestamp)) {
      this.balances = message;
    }
  }

  acceptTotals(message: TotalBalanceMessage): void {
    if (message.mode === this.mode && (!this.totals || message.timestamp >= this.totals.timestamp)) {
      this.totals = message;
    }
  }
}
