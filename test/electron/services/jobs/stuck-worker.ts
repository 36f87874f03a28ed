/** A worker that never answers and never yields: what a file whose SQL runs for ever would do. */
for (;;) { /* spin */ }
