import { m } from '#lib/paraglide/messages.js';
import type { ScheduleStatus } from '#lib/domain/tariff/schedule.ts';

const statuses: Record<ScheduleStatus, () => string> = {
	in_force: m.tf_status_in_force,
	upcoming: m.tf_status_upcoming,
	past: m.tf_status_past
};

export const statusText = (status: ScheduleStatus): string => statuses[status]();
