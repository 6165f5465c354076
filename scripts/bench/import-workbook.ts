// bench:import's input: a workbook of N customer rows (with meter and contract) drawn from the
// synthetic utility, placed on the seeded register's wards and routes, plus a few bad rows;
// and the same valid rows as CSV for the COPY floor.
import ExcelJS from 'exceljs';
import { createWriteStream } from 'node:fs';
import { importColumns } from '../../src/lib/domain/import/columns.ts';
import { createWorld, generateChunk } from '../../src/lib/domain/synthetic/index.ts';

export interface Register {
	wards: { id: number; code: string }[];
	routes: { id: number; code: string }[];
	/** Points on the seeded register (lon, lat, ward id), to place new customers near. */
	points: [number, number, number][];
}

export interface FloorRows {
	customers: string[];
	meters: string[];
	contracts: string[];
}

const csv = (v: string | number | null) =>
	v === null ? '' : typeof v === 'number' ? String(v) : `"${v.replaceAll('"', '""')}"`;
const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** Writes the workbook; returns how many rows are bad on purpose and the floor's CSV lines. */
export async function writeBenchWorkbook(
	file: string,
	rows: number,
	register: Register,
	floorIdBase: number
): Promise<{ bad: number; floor: FloorRows }> {
	const world = createWorld({ customers: rows, seed: 7 });
	const out = createWriteStream(file);
	const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false });
	const ws = wb.addWorksheet('Khách hàng');
	ws.addRow(importColumns.map((c) => c.header)).commit();
	const wardCode = new Map(register.wards.map((w) => [w.id, w.code]));
	const floor: FloorRows = { customers: [], meters: [], contracts: [] };
	const perRoute = new Map<number, number>();
	let bad = 0;
	const step = 5000;
	for (let from = 0; from < rows; from += step) {
		const chunk = generateChunk(world, from, from + step);
		const meterOf = new Map(
			chunk.meters.filter((m) => m.status === 'in_service').map((m) => [m.customerId, m])
		);
		const contractOf = new Map(
			chunk.contracts.filter((k) => k.revision === 1).map((k) => [k.customerId, k])
		);
		for (const c of chunk.customers) {
			const i = c.id - 1;
			const [lon0, lat0, wardId] = register.points[i % register.points.length];
			const lon = Math.round((lon0 + ((i % 7) - 3) * 0.00005) * 1e7) / 1e7;
			const lat = Math.round((lat0 + ((i % 5) - 2) * 0.00005) * 1e7) / 1e7;
			const route = register.routes[i % register.routes.length];
			const m = meterOf.get(c.id)!;
			const k = contractOf.get(c.id)!;
			const serial = `B${m.serial}`;
			let phone = c.phone;
			let ward = wardCode.get(wardId)!;
			let rowLon = lon;
			// A few bad rows: a broken phone, an unknown ward, a point in Hà Nội.
			if (i % 25_000 === 24_999) {
				bad++;
				if ((i / 25_000) % 3 < 1) phone = '12-34';
				else if ((i / 25_000) % 3 < 2) ward = 'Phường Không Có';
				else rowLon = 105.85;
			}
			const values: Record<string, string | number | null> = {
				name: c.name,
				kind: c.kind === 'organization' ? 'Tổ chức' : 'Cá nhân',
				taxId: c.taxOrIdNumber,
				address: c.address,
				ward,
				lon: rowLon,
				lat,
				phone,
				email: c.email,
				paymentMethod: c.paymentMethod,
				bankAccount: c.bankAccount,
				bankName: c.bankName,
				category: c.category,
				households: c.households,
				persons: c.persons,
				route: route.code,
				meterSerial: serial,
				meterBrand: m.brand,
				meterSize: m.sizeMm,
				meterInstalledOn: dmy(m.installedOn),
				meterInitialIndex: 0,
				signedOn: dmy(k.signedOn),
				handoverOn: dmy(k.handoverOn),
				installationTeam: k.installationTeam
			};
			ws.addRow(importColumns.map((col) => values[col.key] ?? null)).commit();
			if (values.phone !== c.phone || ward !== wardCode.get(wardId) || rowLon !== lon) continue;
			const id = floorIdBase + i;
			const seq = (perRoute.get(route.id) ?? 10_000_000) + 10;
			perRoute.set(route.id, seq);
			floor.customers.push(
				[
					id,
					csv(c.name),
					c.kind,
					csv(c.taxOrIdNumber),
					csv(c.address),
					wardId,
					`SRID=4326;POINT(${lon} ${lat})`,
					csv(c.phone),
					csv(c.email),
					c.paymentMethod,
					csv(c.bankAccount),
					csv(c.bankName),
					c.category,
					c.households,
					c.persons,
					route.id,
					seq
				].join(',')
			);
			floor.meters.push(
				[csv(`F${m.serial}`), csv(m.brand), m.sizeMm, 'in_service', id, 1, m.installedOn, 0].join(
					','
				)
			);
			floor.contracts.push(
				[id, 1, '""', k.signedOn, k.handoverOn, k.installedOn, csv(k.installationTeam)].join(',')
			);
		}
	}
	ws.commit();
	await wb.commit();
	return { bad, floor };
}
