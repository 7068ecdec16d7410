import { prettyFactory } from 'pino-pretty';

/** One pino JSON line made readable (time, level, message, fields); a line that is not JSON as it is. */
export function prettyLine(colorize: boolean): (line: string) => string {
  const pretty = prettyFactory({ colorize, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' });
  return (line) => {
    try {
      return pretty(JSON.parse(line));
    } catch {
      return `${line}\n`;
    }
  };
}
