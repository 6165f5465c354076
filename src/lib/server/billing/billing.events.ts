/**
 * Billing's realtime events: `billing-run:changed` { runId, routeId? } after every committed
 * batch and state change, to everyone watching the billing module and to the rooms of the
 * routes concerned (route-scoped clerks hear only their routes). Ids only: screens refetch
 * what their user may see.
 */
import { publish } from '../realtime/publish.ts';

export function announceRun(runId: number, routeIds: number[]): void {
	publish(['watch:billing', ...routeIds.map((id) => `route:${id}`)], {
		type: 'billing-run:changed',
		ids: routeIds.length === 1 ? { runId, routeId: routeIds[0] } : { runId }
	});
}
