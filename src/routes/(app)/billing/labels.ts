import { m } from '#lib/paraglide/messages.js';

export const modeLabel = (mode: string) =>
	mode === 'final' ? m.bl_mode_final() : m.bl_mode_trial();

export function scopeLabel(scope: string): string {
	if (scope === 'all') return m.bl_scope_all();
	return scope === 'routes' ? m.bl_scope_routes() : m.bl_scope_customer();
}

const statuses: Record<string, () => string> = {
	queued: m.bl_status_queued,
	running: m.bl_status_running,
	done: m.bl_status_done,
	failed: m.bl_status_failed,
	pending: m.bl_status_pending
};
export const runStatusLabel = (status: string) => statuses[status]?.() ?? status;

const reasons: Record<string, () => string> = {
	no_category: m.bl_skip_no_category,
	no_reading: m.bl_skip_no_reading,
	no_schedule: m.bl_skip_no_schedule,
	issued: m.bl_skip_issued
};
export const skipLabel = (reason: string) => reasons[reason]?.() ?? reason;

const fields: Record<string, () => string> = {
	periodId: m.bl_period,
	mode: m.bl_mode,
	scope: m.bl_scope,
	routeIds: m.bl_routes,
	customerCode: m.bl_customer_code,
	runId: m.bl_run
};
export const fieldLabel = (field: string) => fields[field]?.() ?? field;
