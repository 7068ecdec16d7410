import { readFileSync } from 'node:fs';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from './env.js';

/**
 * Reads a YAML (or JSON, which is YAML) settings file and validates it. Every problem names the file,
 * the line and the field — `strategies.yaml:7: instances.1.budget.USDC must be a decimal > 0` — so
 * an operator finds it without counting list items.
 */
export function readConfigFile<S extends z.ZodType>(path: string, schema: S, variable: string): z.output<S> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`config: ${variable} ${path} cannot be read: ${(err as NodeJS.ErrnoException).code ?? err}`);
  }
  return parseConfigText(text, schema, `${variable} ${path}`);
}

/** The same from text; `where` starts each message (the variable and the path). */
export function parseConfigText<S extends z.ZodType>(text: string, schema: S, where: string): z.output<S> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    const line = lines.linePos(first.pos[0]).line;
    throw new ConfigError(`config: ${where}:${line}: ${first.message.split('\n')[0]}`);
  }
  const result = schema.safeParse(doc.toJS());
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const field = issue.path.map(String).join('.') || 'the file';
    return `${where}:${lineOf(doc, lines, issue.path)}: ${field} ${issue.message}`;
  });
  throw new ConfigError(`config: ${problems.join('; ')}`);
}

/** The line of the deepest node of `path` the document has (a missing key: its parent's line). */
function lineOf(doc: Document, lines: LineCounter, path: readonly PropertyKey[]): number {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth) as unknown[], true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
  }
  return 1;
}
