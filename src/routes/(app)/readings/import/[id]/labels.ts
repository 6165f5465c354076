import { m } from '#lib/paraglide/messages.js';
import type { ReadingImportData } from '#lib/domain/import/validate-reading.ts';

/** A valid row of the preview, as the parse job stored it. */
export type PreviewReading = ReadingImportData;

const flags: Record<string, () => string> = {
	rollback: m.ri_flag_rollback,
	rollover: m.ri_flag_rollover,
	zero: m.ri_flag_zero,
	spike: m.ri_flag_spike,
	drop: m.ri_flag_drop,
	far: m.ri_flag_far,
	no_photo: m.ri_flag_no_photo,
	suspended_use: m.ri_flag_suspended_use,
	field_note: m.ri_flag_field_note,
	no_history: m.ri_flag_no_history
};

/** An anomaly flag in the user's language (the code itself when unknown). */
export const flagLabel = (flag: string): string => flags[flag]?.() ?? flag;
