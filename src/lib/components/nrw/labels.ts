/**
 * NRW words shared by the screens and the spreadsheets: why a zone is incomplete, what a
 * validity warning means, a month in words. The spreadsheets pass locale 'vi'.
 */
import { m } from '#lib/paraglide/messages.js';
import type { BalanceWarning } from '#lib/domain/water-balance/balance.ts';
import type { IncompleteReason } from '#lib/domain/water-balance/zone-balance.ts';

type Locale = 'vi' | 'en';
export type NrwReason = IncompleteReason | { code: 'not_computed' };

const fieldName = (field: string, locale?: Locale) => {
	const o = locale ? { locale } : {};
	if (field === 'mainsLengthKm') return m.nrw_field_mainsLengthKm({}, o);
	if (field === 'serviceLengthKm') return m.nrw_field_serviceLengthKm({}, o);
	if (field === 'avgPressureM') return m.nrw_field_avgPressureM({}, o);
	return field;
};

export function reasonText(r: NrwReason, locale?: Locale): string {
	const o = locale ? { locale } : {};
	switch (r.code) {
		case 'no_master_meter':
			return m.nrw_reason_no_master_meter({}, o);
		case 'master_meter_gap':
			return m.nrw_reason_master_meter_gap({ serials: r.serials.join(', ') }, o);
		case 'no_readings':
			return m.nrw_reason_no_readings({}, o);
		case 'no_connections':
			return m.nrw_reason_no_connections({}, o);
		case 'no_network_data':
			return m.nrw_reason_no_network_data(
				{ fields: r.fields.map((f) => fieldName(f, locale)).join(', ') },
				o
			);
		case 'invalid_input':
			return m.nrw_reason_invalid_input(
				{ issues: r.issues.map((i) => `${i.field}: ${i.reason}`).join('; ') },
				o
			);
		case 'not_computed':
			return m.nrw_reason_not_computed({}, o);
	}
}

const warnings: Record<BalanceWarning, typeof m.nrw_warning_negative_real_losses> = {
	connections_below_3000: m.nrw_warning_connections_below_3000,
	density_below_20_per_km: m.nrw_warning_density_below_20_per_km,
	pressure_outside_25_100m: m.nrw_warning_pressure_outside_25_100m,
	negative_real_losses: m.nrw_warning_negative_real_losses
};

export const warningText = (w: BalanceWarning, locale?: Locale): string =>
	warnings[w]({}, locale ? { locale } : {});

const monthLong = new Intl.DateTimeFormat('vi-VN', {
	month: 'long',
	year: 'numeric',
	timeZone: 'UTC'
});

/** 'YYYY-MM-01' → "tháng 11 năm 2026" (vi-VN, whatever the UI language). */
export const monthWords = (month: string): string =>
	monthLong.format(new Date(`${month}T00:00:00Z`));

/** 'YYYY-MM-01' → the URL's 'YYYY-MM'. */
export const monthParam = (month: string): string => month.slice(0, 7);
