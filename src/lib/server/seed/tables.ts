/**
 * How each generated row maps onto its table: column name (checked against the generated DB
 * types), a value kind for encoding, and an accessor. Both bulk paths (COPY and batched
 * INSERT … unnest) encode from these specs, so they write identical rows.
 */
import type {
	ContractRow,
	CustomerRow,
	MasterMeterRow,
	MasterMeterVolumeRow,
	MeterReplacementRow,
	MeterRow,
	MultiPolygonGeometry,
	PointGeometry,
	ProvinceRow,
	ReadingPeriodRow,
	ReadingRow,
	RouteRow,
	WardRow,
	WorkOrderRow,
	ZoneRow
} from '../../domain/synthetic/index.ts';
import type { DB } from '../db/types.gen.ts';

export type ColumnKind =
	'int' | 'bigint' | 'text' | 'date' | 'timestamptz' | 'numeric' | 'geometry';
export type Value = string | number | null;

export interface Column<R> {
	name: string;
	kind: ColumnKind;
	get: (row: R) => Value;
}

export interface TableSpec<R> {
	table: keyof DB & string;
	/** The rows carry explicit values for a GENERATED ALWAYS identity column. */
	identity: boolean;
	columns: Column<R>[];
}

function spec<T extends keyof DB & string, R>(
	table: T,
	identity: boolean,
	columns: [keyof DB[T] & string, ColumnKind, (row: R) => Value][]
): TableSpec<R> {
	return { table, identity, columns: columns.map(([name, kind, get]) => ({ name, kind, get })) };
}

/** EWKT in EPSG:4326, which PostGIS parses on input for both COPY and casts. */
export function pointEwkt(g: PointGeometry): string {
	return `SRID=4326;POINT(${g.coordinates[0]} ${g.coordinates[1]})`;
}

export function multiPolygonEwkt(g: MultiPolygonGeometry): string {
	const polys = g.coordinates.map(
		(poly) =>
			`(${poly.map((ring) => `(${ring.map(([x, y]) => `${x} ${y}`).join(',')})`).join(',')})`
	);
	return `SRID=4326;MULTIPOLYGON(${polys.join(',')})`;
}

export const provinceTable = spec<'province', ProvinceRow>('province', true, [
	['id', 'int', (r) => r.id],
	['code', 'text', (r) => r.code],
	['name', 'text', (r) => r.name]
]);

export const wardTable = spec<'ward', WardRow>('ward', true, [
	['id', 'int', (r) => r.id],
	['province_id', 'int', (r) => r.provinceId],
	['code', 'text', (r) => r.code],
	['name', 'text', (r) => r.name],
	['kind', 'text', (r) => r.kind],
	['geom', 'geometry', (r) => multiPolygonEwkt(r.geom)]
]);

export const zoneTable = spec<'zone', ZoneRow>('zone', true, [
	['id', 'int', (r) => r.id],
	['code', 'text', (r) => r.code],
	['name', 'text', (r) => r.name],
	['geom', 'geometry', (r) => multiPolygonEwkt(r.geom)],
	['created_at', 'timestamptz', (r) => r.createdAt]
]);

export const masterMeterTable = spec<'master_meter', MasterMeterRow>('master_meter', true, [
	['id', 'int', (r) => r.id],
	['serial', 'text', (r) => r.serial],
	['name', 'text', (r) => r.name],
	['size_mm', 'int', (r) => r.sizeMm],
	['direction', 'text', (r) => r.direction],
	['zone_id', 'int', (r) => r.zoneId],
	['installed_on', 'date', (r) => r.installedOn],
	['geom', 'geometry', (r) => pointEwkt(r.geom)]
]);

export const masterMeterVolumeTable = spec<'master_meter_volume', MasterMeterVolumeRow>(
	'master_meter_volume',
	false,
	[
		['master_meter_id', 'int', (r) => r.masterMeterId],
		['period_month', 'date', (r) => r.periodMonth],
		['volume_m3', 'numeric', (r) => r.volumeM3]
	]
);

export const routeTable = spec<'route', RouteRow>('route', true, [
	['id', 'int', (r) => r.id],
	['code', 'text', (r) => r.code],
	['name', 'text', (r) => r.name],
	['zone_id', 'int', (r) => r.zoneId],
	['created_at', 'timestamptz', (r) => r.createdAt]
]);

export const readingPeriodTable = spec<'reading_period', ReadingPeriodRow>('reading_period', true, [
	['id', 'int', (r) => r.id],
	['period_month', 'date', (r) => r.periodMonth],
	['status', 'text', (r) => r.status],
	['opened_at', 'timestamptz', (r) => r.openedAt],
	['closed_at', 'timestamptz', (r) => r.closedAt],
	['locked_at', 'timestamptz', (r) => r.lockedAt]
]);

/** customer.code is left out: the database numbers customers from customer_code_seq. */
export const customerTable = spec<'customer', CustomerRow>('customer', true, [
	['id', 'int', (r) => r.id],
	['name', 'text', (r) => r.name],
	['kind', 'text', (r) => r.kind],
	['tax_or_id_number', 'text', (r) => r.taxOrIdNumber],
	['address', 'text', (r) => r.address],
	['ward_id', 'int', (r) => r.wardId],
	['geom', 'geometry', (r) => pointEwkt(r.geom)],
	['zone_id', 'int', (r) => r.zoneId],
	['phone', 'text', (r) => r.phone],
	['email', 'text', (r) => r.email],
	['bank_account', 'text', (r) => r.bankAccount],
	['bank_name', 'text', (r) => r.bankName],
	['payment_method', 'text', (r) => r.paymentMethod],
	['category', 'text', (r) => r.category],
	['industry', 'text', (r) => r.industry],
	['households', 'int', (r) => r.households],
	['persons', 'int', (r) => r.persons],
	['status', 'text', (r) => r.status],
	['route_id', 'int', (r) => r.routeId],
	['route_seq', 'int', (r) => r.routeSeq],
	['created_at', 'timestamptz', (r) => r.createdAt],
	['updated_at', 'timestamptz', (r) => r.updatedAt]
]);

export const meterTable = spec<'meter', MeterRow>('meter', true, [
	['id', 'int', (r) => r.id],
	['serial', 'text', (r) => r.serial],
	['brand', 'text', (r) => r.brand],
	['model', 'text', (r) => r.model],
	['size_mm', 'int', (r) => r.sizeMm],
	['dial_digits', 'int', (r) => r.dialDigits],
	['seal_no', 'text', (r) => r.sealNo],
	['status', 'text', (r) => r.status],
	['customer_id', 'int', (r) => r.customerId],
	['zone_id', 'int', (r) => r.zoneId],
	['installed_on', 'date', (r) => r.installedOn],
	['installed_by', 'text', (r) => r.installedBy],
	['verified_on', 'date', (r) => r.verifiedOn],
	['verification_due_on', 'date', (r) => r.verificationDueOn]
]);

/** contract.number is left out: a trigger derives it from the customer code and revision. */
export const contractTable = spec<'contract', ContractRow>('contract', true, [
	['id', 'int', (r) => r.id],
	['customer_id', 'int', (r) => r.customerId],
	['revision', 'int', (r) => r.revision],
	['status', 'text', (r) => r.status],
	['signed_on', 'date', (r) => r.signedOn],
	['handover_on', 'date', (r) => r.handoverOn],
	['installed_on', 'date', (r) => r.installedOn],
	['installation_team', 'text', (r) => r.installationTeam],
	['created_at', 'timestamptz', (r) => r.createdAt]
]);

export const meterReplacementTable = spec<'meter_replacement', MeterReplacementRow>(
	'meter_replacement',
	true,
	[
		['id', 'int', (r) => r.id],
		['customer_id', 'int', (r) => r.customerId],
		['old_meter_id', 'int', (r) => r.oldMeterId],
		['new_meter_id', 'int', (r) => r.newMeterId],
		['replaced_on', 'date', (r) => r.replacedOn],
		['old_final_index', 'numeric', (r) => r.oldFinalIndex],
		['new_initial_index', 'numeric', (r) => r.newInitialIndex],
		['reason', 'text', (r) => r.reason]
	]
);

export const readingTable = spec<'reading', ReadingRow>('reading', true, [
	['id', 'bigint', (r) => r.id],
	['period_id', 'int', (r) => r.periodId],
	['customer_id', 'int', (r) => r.customerId],
	['meter_id', 'int', (r) => r.meterId],
	['previous_index', 'numeric', (r) => r.previousIndex],
	['current_index', 'numeric', (r) => r.currentIndex],
	['consumption_m3', 'numeric', (r) => r.consumptionM3],
	['kind', 'text', (r) => r.kind],
	['read_at', 'timestamptz', (r) => r.readAt],
	['note', 'text', (r) => r.note]
]);

/** Synthetic work orders are unassigned (no staff in the seed), so assigned_to stays null. */
export const workOrderTable = spec<'work_order', WorkOrderRow>('work_order', true, [
	['id', 'bigint', (r) => r.id],
	['number', 'text', (r) => r.number],
	['type', 'text', (r) => r.type],
	['status', 'text', (r) => r.status],
	['priority', 'text', (r) => r.priority],
	['customer_id', 'int', (r) => r.customerId],
	['meter_id', 'int', (r) => r.meterId],
	['geom', 'geometry', (r) => pointEwkt(r.geom)],
	['description', 'text', (r) => r.description],
	['due_at', 'timestamptz', (r) => r.dueAt],
	['created_at', 'timestamptz', (r) => r.createdAt],
	// Set, not left to now(): the seed is deterministic (same seed, same rows).
	['status_changed_at', 'timestamptz', (r) => r.createdAt],
	['updated_at', 'timestamptz', (r) => r.createdAt]
]);
