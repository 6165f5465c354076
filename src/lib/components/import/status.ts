import { m } from '#lib/paraglide/messages.js';
import type { BatchStatus } from '#lib/server/import/import.repository.ts';

/** The batch status in the user's language. */
export const statusLabel: Record<BatchStatus, () => string> = {
	uploaded: m.imp_status_uploaded,
	parsing: m.imp_status_parsing,
	previewed: m.imp_status_previewed,
	committing: m.imp_status_committing,
	committed: m.imp_status_committed,
	cancelled: m.imp_status_cancelled,
	failed: m.imp_status_failed
};
