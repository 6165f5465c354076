/**
 * Rows of the synthetic utility, shaped after the register tables (camelCase here, snake_case
 * in the database). Ids are assigned by the generator, 1-based and dense, so every run with the
 * same seed writes the same rows. Geometry is GeoJSON in EPSG:4326 (lon, lat).
 */
import type { Category } from './vocabulary.ts';

export type { Category };

export interface PointGeometry {
	type: 'Point';
	coordinates: [number, number];
}

export interface MultiPolygonGeometry {
	type: 'MultiPolygon';
	coordinates: [number, number][][][];
}

/** Dates are 'YYYY-MM-DD' calendar dates; timestamps are ISO strings with the +07:00 offset. */
export type IsoDate = string;
export type Timestamp = string;

export interface ProvinceRow {
	id: number;
	code: string;
	name: string;
}

export interface WardRow {
	id: number;
	provinceId: number;
	code: string;
	name: string;
	kind: 'phuong' | 'xa' | 'dac_khu';
	geom: MultiPolygonGeometry;
}

export interface ZoneRow {
	id: number;
	code: string;
	name: string;
	geom: MultiPolygonGeometry;
	createdAt: Timestamp;
}

export interface MasterMeterRow {
	id: number;
	serial: string;
	name: string;
	sizeMm: number;
	direction: 'in' | 'out';
	zoneId: number;
	installedOn: IsoDate;
	geom: PointGeometry;
}

export interface MasterMeterVolumeRow {
	masterMeterId: number;
	periodMonth: IsoDate;
	/** m³, at most 3 decimals. */
	volumeM3: number;
}

export interface RouteRow {
	id: number;
	code: string;
	name: string;
	zoneId: number;
	createdAt: Timestamp;
}

export interface CustomerRow {
	id: number;
	name: string;
	kind: 'individual' | 'organization';
	taxOrIdNumber: string | null;
	address: string;
	wardId: number;
	geom: PointGeometry;
	zoneId: number;
	phone: string | null;
	email: string | null;
	bankAccount: string | null;
	bankName: string | null;
	paymentMethod: 'cash' | 'bank_transfer' | 'auto_debit' | 'e_wallet';
	category: Category;
	industry: string | null;
	households: number;
	persons: number;
	status: 'active' | 'suspended' | 'cut_off';
	routeId: number;
	/** 10, 20, 30… along the reader's walk. */
	routeSeq: number;
	createdAt: Timestamp;
	updatedAt: Timestamp;
}

export interface MeterRow {
	id: number;
	serial: string;
	brand: string;
	model: string;
	sizeMm: number;
	dialDigits: number;
	sealNo: string;
	status: 'in_service' | 'removed';
	customerId: number | null;
	zoneId: number | null;
	installedOn: IsoDate;
	installedBy: string;
	verifiedOn: IsoDate;
	verificationDueOn: IsoDate;
}

export interface MeterReplacementRow {
	id: number;
	customerId: number;
	oldMeterId: number;
	newMeterId: number;
	replacedOn: IsoDate;
	/** Meter indexes, m³. */
	oldFinalIndex: number;
	newInitialIndex: number;
	reason: string;
}

export interface ContractRow {
	id: number;
	customerId: number;
	revision: number;
	status: 'active' | 'superseded';
	signedOn: IsoDate;
	handoverOn: IsoDate;
	installedOn: IsoDate;
	installationTeam: string;
	createdAt: Timestamp;
}

export interface ReadingPeriodRow {
	id: number;
	periodMonth: IsoDate;
	status: 'open' | 'closed' | 'locked';
	openedAt: Timestamp;
	closedAt: Timestamp | null;
	lockedAt: Timestamp | null;
}

export interface ReadingRow {
	id: number;
	periodId: number;
	customerId: number;
	meterId: number;
	/** Meter indexes and consumption, m³. */
	previousIndex: number;
	currentIndex: number | null;
	consumptionM3: number | null;
	kind: 'actual' | 'estimated' | 'no_access';
	readAt: Timestamp;
	note: string | null;
}

export interface WorkOrderRow {
	id: number;
	/** PCT-YYYY-NNNNNN, unique. */
	number: string;
	type:
		| 'meter_verification'
		| 'meter_replacement'
		| 'leak_repair'
		| 'complaint_investigation'
		| 're_read';
	/** No staff exists in the synthetic utility, and any other status needs an assignee. */
	status: 'new' | 'cancelled';
	priority: 'low' | 'normal' | 'high' | 'urgent';
	customerId: number;
	meterId: number | null;
	geom: PointGeometry;
	description: string;
	dueAt: Timestamp;
	createdAt: Timestamp;
}
