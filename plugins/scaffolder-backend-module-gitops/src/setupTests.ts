/*
 * These tests drive real git processes, databases, API servers and
 * renderers. On a busy two-core machine (CI builds run beside them) they
 * take many times longer than jest's 5 s default, which then fails them for
 * nothing. A test's timeout here only catches hangs; speed is measured by
 * the benchmarks.
 */
jest.setTimeout(60_000);
