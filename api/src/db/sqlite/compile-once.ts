/**
 * Hot queries built and compiled by kysely once, then re-run with new values.
 *
 * Building a kysely query allocates and freezes an operation-node tree, and compiling it walks that
 * tree to SQL text — per statement, per request; on the create and reveal paths that was about a
 * fifth of the server's CPU (docs/performance.md). The SQL text of a query shape never changes, only
 * the values bound to its `?` placeholders. So a hot query is written as an ordinary kysely builder
 * (typed against the schema, result rows typed), compiled once from sample arguments, and each call
 * afterwards only swaps the parameter list. The driver's statement cache (statement-cache.ts) then
 * finds the prepared statement by that same text.
 *
 * `bind` lists the call's values in the order kysely binds them. That order is checked once, when the
 * query is compiled: `bind(sample)` must equal the parameters kysely produced for the sample. Sample
 * values must therefore be distinct from one another, so that two swapped values cannot pass the
 * check; constants belong in the SQL (`sql.lit`, or literal SQL) rather than in `bind`.
 */
import type { CompiledQuery, Compilable } from 'kysely';

type CompiledOnce<A extends readonly unknown[], R> = (...args: A) => CompiledQuery<R>;

export function compileOnce<A extends readonly unknown[], R>(
  build: (...args: A) => Compilable<R>,
  bind: (...args: A) => readonly unknown[],
  sample: A,
): CompiledOnce<A, R> {
  const compiled = build(...sample).compile();
  const expected = bind(...sample);
  const same =
    expected.length === compiled.parameters.length && expected.every((v, i) => sameValue(v, compiled.parameters[i]));
  if (!same) {
    throw new Error(
      `compileOnce: bind() does not match the parameters kysely binds for ${JSON.stringify(compiled.sql)} ` +
        `(${expected.length} values given, ${compiled.parameters.length} bound, or in another order)`,
    );
  }
  return (...args) => ({ ...compiled, parameters: bind(...args) });
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    return a.byteLength === b.byteLength && a.every((byte, i) => byte === b[i]);
  }
  return Object.is(a, b);
}
