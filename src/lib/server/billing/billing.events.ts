/**
 * Billing's realtime events: `billing-run:changed` { runId, routeId? } after every committed
 * batch and state change, to everyone watching the billing module (ids only; screens refetch
 * what their user may see).
 */
import { publish } from '../realtime/publish.ts';

export function announceRun(runId: number, routeId?: number): void {
	publish(['watch:billing'], {
		type: 'billing-run:changed',
		ids: routeId === undefined ? { runId } : { runId, routeId }
	});
}
