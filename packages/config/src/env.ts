import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { z } from 'zod';

/** A bad environment: the message is one line naming the variable and what it expects. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Parses the environment once, at start. Unknown variables are ignored; a missing or wrong one
 * throws a ConfigError such as `config: RSI_WINDOW must be a whole number ≥ 2 (got "abc")`.
 */
export function parseEnv<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.') || 'environment';
    const got = issue.path.length === 1 ? env[String(issue.path[0])] : undefined;
    const shown = got === undefined ? 'it is not set' : `got "${redactIfSecret(name, got)}"`;
    return `${name} ${issue.message} (${shown})`;
  });
  throw new ConfigError(`config: ${problems.join('; ')}`);
}

function redactIfSecret(name: string, value: string): string {
  return /KEY|SECRET|TOKEN|PASSWORD/i.test(name) ? '[redacted]' : value;
}

/**
 * Loads `.env` from the working directory or the repository root into process.env (variables
 * already set win), so `pnpm start` and single services read the same file docker-compose does.
 */
export function loadDotEnv(dirs: string[] = [process.cwd()]): string | undefined {
  for (const dir of dirs) {
    const file = resolve(dir, '.env');
    if (existsSync(file)) {
      process.loadEnvFile(file);
      return file;
    }
  }
  return undefined;
}
