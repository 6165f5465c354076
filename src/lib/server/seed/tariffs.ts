import type postgres from 'postgres';
import { hanoi2024 } from '../../domain/tariff/published.ts';

/**
 * The demo utility's price decision: Hanoi's Decision 3541/QĐ-UBND step from 1 January 2024
 * (VND per m³ before VAT, 5% VAT, 10% environmental fee), with a poor-household table
 * (first block cheaper) so every seeded customer category has a price. Written once: an
 * existing decision with that date is left as it is (it may already bill issued invoices).
 */
export const demoSchedule = {
	code: hanoi2024.id,
	name: 'Giá nước sạch sinh hoạt và ngoài sinh hoạt từ 01/01/2024',
	decisionRef: '3541/QĐ-UBND',
	effectiveFrom: hanoi2024.effectiveFrom,
	vatRate: hanoi2024.vatRate,
	categories: {
		...hanoi2024.categories,
		SH_NGHEO: {
			basis: 'household',
			blocks: [{ upTo: 10, price: 6500 }, ...hanoi2024.categories.SH.blocks.slice(1)]
		}
	},
	charges: hanoi2024.charges
};

export async function seedTariffs(tx: postgres.TransactionSql): Promise<void> {
	const s = demoSchedule;
	await tx`
		insert into tariff_schedule (code, name, decision_ref, effective_from, vat_rate, categories, charges)
		values (${s.code}, ${s.name}, ${s.decisionRef}, ${s.effectiveFrom}, ${s.vatRate},
			${tx.json(structuredClone(s.categories) as never)}, ${tx.json(structuredClone(s.charges) as never)})
		on conflict do nothing`;
}
