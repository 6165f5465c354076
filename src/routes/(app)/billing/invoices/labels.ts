import { m } from '#lib/paraglide/messages.js';

/** Invoice statuses as the clerk reads them. */
const labels: Record<string, () => string> = {
	draft: m.iv_status_draft,
	issued: m.iv_status_issued,
	paid: m.iv_status_paid,
	cancelled: m.iv_status_cancelled
};
export const statusLabel = (status: string) => labels[status]?.() ?? status;
