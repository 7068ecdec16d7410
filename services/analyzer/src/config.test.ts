import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '@roottrading/config';
import { parseAnalyzerConfig } from './config.js';

const KNOWN =
  'RSI_Strategy, SimpleMA_Cross, Bollinger_Bands, EMA_Cross, MACD_Trend, Donchian_Breakout, Supertrend, RSI_Divergence, Volume_Spike, VWAP_Reversion, Range_Breakout, Pair_Rotation, Cross_Pair_Swing';

describe('STRATEGIES in the analyzer config', () => {
  it('runs every strategy by default, in registry order', () => {
    expect(parseAnalyzerConfig({}).STRATEGIES).toEqual(['RSI_Strategy', 'SimpleMA_Cross', 'Bollinger_Bands']);
  });

  it('stops on an unknown name with one line listing the known ones', () => {
    const parse = () => parseAnalyzerConfig({ STRATEGIES: 'RSI_Strategy,MACD' });
    expect(parse).toThrow(ConfigError);
    // The whole message, so it is one line.
    expect(parse).toThrow(
      new Error(`config: STRATEGIES names an unknown strategy "MACD"; known: ${KNOWN} (got "RSI_Strategy,MACD")`),
    );
  });

  it('refuses an empty list', () => {
    const parse = () => parseAnalyzerConfig({ STRATEGIES: ' , ' });
    expect(parse).toThrow(ConfigError);
    expect(parse).toThrow('STRATEGIES must name at least one strategy');
  });
});
