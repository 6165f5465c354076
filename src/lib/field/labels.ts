import { m } from '#lib/paraglide/messages.js';
import type { QueuedAction, Refusal } from './outbox-logic.ts';
import { readFieldLabel } from './read/labels.ts';

// Names of actions and result fields as the field view shows them; statuses, types and
// priorities are the console's own (re-exported below).

/** The button that moves an order to a status. */
const actions: Record<string, () => string> = {
	accepted: m.fld_action_accepted,
	en_route: m.fld_action_en_route,
	in_progress: m.fld_action_in_progress,
	done: m.fld_action_done,
	failed: m.fld_action_failed
};
const resultFields: Record<string, () => string> = {
	meterSerial: m.fld_res_meterSerial,
	initialIndex: m.fld_res_initialIndex,
	sealNumber: m.fld_res_sealNumber,
	oldFinalIndex: m.fld_res_oldFinalIndex,
	newSerial: m.fld_res_newSerial,
	newInitialIndex: m.fld_res_newInitialIndex,
	passed: m.fld_res_passed,
	certificateNo: m.fld_res_certificateNo,
	leakKind: m.fld_res_leakKind,
	pipeDiameterMm: m.fld_res_pipeDiameterMm,
	waterLossM3: m.fld_res_waterLossM3,
	finding: m.fld_res_finding,
	index: m.fld_res_index,
	newLocation: m.fld_res_newLocation
};
const leakKinds: Record<string, () => string> = {
	main: m.fld_leak_main,
	service_pipe: m.fld_leak_service_pipe,
	before_meter: m.fld_leak_before_meter,
	after_meter: m.fld_leak_after_meter,
	valve: m.fld_leak_valve
};

const label = (table: Record<string, () => string>) => (key: string) => table[key]?.() ?? key;

export {
	workOrderStatusLabel as statusLabel,
	workOrderTypeLabel as typeLabel,
	priorityLabel
} from '#lib/map/labels.ts';
export const actionLabel = (to: string) =>
	to === 'photo' ? m.fld_action_photo() : label(actions)(to);
export const resultFieldLabel = label(resultFields);
export const leakKindLabel = label(leakKinds);

/** A server or check reason in the user's language where it is a known word. */
export const reasonLabel = (reason: string) => (reason === 'required' ? m.fld_required() : reason);

/** A refusal banner's text: whose action it was, which one, and the server's reason. */
export function refusalText(refusal: Refusal<QueuedAction>): string {
	const a = refusal.action;
	if (a.kind === 'reading' || a.kind === 'collection') {
		const field = refusal.field ? readFieldLabel(refusal.field) : null;
		return m.fr_refused({
			code: a.customerCode,
			action: a.kind === 'reading' ? m.fr_action_reading() : m.fr_action_collection(),
			reason: field ? `${field}: ${refusal.reason}` : refusal.reason
		});
	}
	return m.fld_refused({
		number: a.orderNumber,
		action: actionLabel(a.kind === 'photo' ? 'photo' : a.to),
		reason: refusal.field ? `${refusal.field}: ${refusal.reason}` : refusal.reason
	});
}
