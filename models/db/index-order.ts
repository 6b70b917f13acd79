/**
 * Sorting by an index, on an engine that cannot. MongoDB walks the index in order and stops at the
 * limit. FerretDB v1 sorts in memory after reading every match: the outbox's claim query (oldest
 * due first, a batch at a time) read the whole backlog on each claim (bench/README.md, "Sorting on
 * the local rung"). Its scans through an index (our pushdown patch) already come back in the
 * index's order, so there the sort is left out. The embedded CongoDB reads every document on every
 * query anyway and keeps the sort.
 */
let enginesSortFromIndexes = true;

/** Set once the connection knows its engine (models/db/connection.ts). */
export function setSortsFromIndexes(yes: boolean): void {
  enginesSortFromIndexes = yes;
}

type Sortable = { sort(spec: Record<string, 1 | -1>): unknown };

/** `query.sort(spec)` where the engine sorts from the index `spec` follows; the query as it is elsewhere. */
export function inIndexOrder<Q extends Sortable>(query: Q, spec: Record<string, 1 | -1>): Q {
  return enginesSortFromIndexes ? (query.sort(spec) as Q) : query;
}
