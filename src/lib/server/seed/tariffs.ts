import type postgres from 'postgres';

/**
 * The demo utility's price decision: Hanoi's Decision 3541/QĐ-UBND step from 1 January 2024
 * (VND per m³ before VAT, 5% VAT, 10% environmental fee), with a poor-household table
 * (first block cheaper) so every seeded customer category has a price. Written once: an
 * existing decision with that date is left as it is (it may already bill issued invoices).
 */
export const demoSchedule = {
	code: 'HN-3541-2024',
	name: 'Giá nước sạch sinh hoạt và ngoài sinh hoạt từ 01/01/2024',
	decisionRef: '3541/QĐ-UBND',
	effectiveFrom: '2024-01-01',
	vatRate: 0.05,
	categories: {
		SH: {
			basis: 'household',
			blocks: [
				{ upTo: 10, price: 8500 },
				{ upTo: 20, price: 9900 },
				{ upTo: 30, price: 16000 },
				{ upTo: null, price: 27000 }
			]
		},
		SH_NGHEO: {
			basis: 'household',
			blocks: [
				{ upTo: 10, price: 6500 },
				{ upTo: 20, price: 9900 },
				{ upTo: 30, price: 16000 },
				{ upTo: null, price: 27000 }
			]
		},
		HCSN: { basis: 'flat', price: 13500 },
		SX: { basis: 'flat', price: 16000 },
		KD: { basis: 'flat', price: 29000 }
	},
	charges: [{ type: 'envFee', rate: 0.1 }]
} as const;

export async function seedTariffs(tx: postgres.TransactionSql): Promise<void> {
	const s = demoSchedule;
	await tx`
		insert into tariff_schedule (code, name, decision_ref, effective_from, vat_rate, categories, charges)
		values (${s.code}, ${s.name}, ${s.decisionRef}, ${s.effectiveFrom}, ${s.vatRate},
			${tx.json(structuredClone(s.categories) as never)}, ${tx.json(structuredClone(s.charges) as never)})
		on conflict do nothing`;
}
