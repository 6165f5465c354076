// A worker process for tests/db/billing.test.ts to kill: bills one route of a run in small
// batches, pausing after each commit so the test can SIGKILL it midway. Run with
// `node --import tsx`, DATABASE_URL set; argv: runId routeId batchSize.
import { billRoute } from '../../../src/lib/server/billing/billing.engine.ts';
import { getDb } from '../../../src/lib/server/db/connection.ts';

const [runId, routeId, batchSize] = process.argv.slice(2).map(Number);
await billRoute(getDb(), runId, routeId, {
	batchSize,
	afterBatch: () => new Promise((resolve) => setTimeout(resolve, 300))
});
process.exit(0);
