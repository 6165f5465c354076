/**
 * Meter work on one connection: install, replace (old final index, new initial index), seal
 * changes and verifications, and the connection's history. Every change runs in one
 * transaction with its audit entries; every entry carries customer_id so the customer's
 * timeline can be built from the log. Route scope is checked here, not only by the page.
 */
import * as v from 'valibot';
import {
	addDays,
	dateError,
	indexError,
	lastKnownIndex,
	orderHistory,
	previousIndexForNextReading,
	type FieldError,
	type HistoryEvent,
	type ReadingPoint
} from '../../domain/meters/meter-rules.ts';
import { utilityDate } from '../../domain/time/utility-date.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { SessionUser } from '../auth/auth.repository.ts';
import type { Database } from '../db/connection.ts';
import * as repo from './meters.repository.ts';

/** A refusal naming the field and the reason; the route hands it back with the input. */
export class MeterInputError extends Error {
	constructor(
		readonly field: string,
		message: string,
		readonly status = 400
	) {
		super(message);
	}
}

function raise(error: FieldError | null) {
	if (error) throw new MeterInputError(error.field, error.message);
}

export const text = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max));
export const optionalText = (max: number) =>
	v.pipe(
		v.optional(v.string(), ''),
		v.trim(),
		v.maxLength(max),
		v.transform((s) => (s === '' ? null : s))
	);
export const day = v.pipe(
	v.string(),
	v.trim(),
	v.regex(/^\d{4}-\d{2}-\d{2}$/, 'not a date (YYYY-MM-DD)')
);
export const optionalDay = v.pipe(
	v.optional(v.string(), ''),
	v.trim(),
	v.transform((s) => (s === '' ? null : s)),
	v.nullable(v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/, 'not a date (YYYY-MM-DD)')))
);
const index = v.pipe(
	v.string(),
	v.trim(),
	v.transform((s) => s.replace(',', '.')),
	v.regex(/^\d+(\.\d{1,3})?$/, 'a number ≥ 0 with at most 3 decimals (m³)'),
	v.transform(Number)
);
const int = (min: number, max: number) =>
	v.pipe(
		v.string(),
		v.trim(),
		v.regex(/^\d+$/, 'a whole number'),
		v.transform(Number),
		v.minValue(min),
		v.maxValue(max)
	);

/** A form's empty field means "not given" (a meter from stock keeps its own size and dial). */
const optionalInt = (min: number, max: number) =>
	v.pipe(
		v.optional(v.string(), ''),
		v.trim(),
		v.transform((s) => (s === '' ? undefined : s)),
		v.optional(int(min, max))
	);

export const meterSpecSchema = v.object({
	serial: v.pipe(
		text(30),
		v.toUpperCase(),
		v.regex(/^[A-Z0-9][A-Z0-9-]{3,29}$/, '4–30 letters, digits or dashes')
	),
	brand: optionalText(60),
	model: optionalText(60),
	sizeMm: optionalInt(15, 300),
	dialDigits: optionalInt(4, 8),
	sealNo: optionalText(30),
	verifiedOn: optionalDay,
	verificationDueOn: optionalDay,
	initialIndex: index
});

export const installSchema = v.object({
	...meterSpecSchema.entries,
	installedOn: day,
	installedBy: optionalText(100)
});

export const replaceSchema = v.object({
	oldFinalIndex: index,
	/** Why the final index is below the last reading (rollover, broken dial…); else refused. */
	belowReason: optionalText(300),
	replacedOn: day,
	reason: v.pipe(text(300), v.minLength(3, 'at least 3 characters')),
	installedBy: optionalText(100),
	newMeter: meterSpecSchema
});

export const sealSchema = v.object({
	sealNo: v.pipe(text(30), v.minLength(1, 'required')),
	reason: v.pipe(text(300), v.minLength(3, 'at least 3 characters'))
});

export const verifySchema = v.object({ verifiedOn: day, verificationDueOn: day });

export type InstallInput = v.InferOutput<typeof installSchema>;
export type ReplaceInput = v.InferOutput<typeof replaceSchema>;
export type SealInput = v.InferOutput<typeof sealSchema>;
export type VerifyInput = v.InferOutput<typeof verifySchema>;

/** Parses with a schema; the first issue becomes a MeterInputError naming its field. */
export function parseInput<S extends v.GenericSchema>(schema: S, input: unknown): v.InferOutput<S> {
	const parsed = v.safeParse(schema, input);
	if (parsed.success) return parsed.output;
	const issue = parsed.issues[0];
	const field = v.getDotPath(issue) ?? 'input';
	throw new MeterInputError(field, `${field}: ${issue.message}`);
}

async function customerOrThrow(db: Database, user: SessionUser, customerId: number, lock = false) {
	const customer = await repo.scopedCustomer(db, customerId, user.routeIds, lock);
	if (!customer)
		throw new MeterInputError('customerId', 'customer not found or not in your routes', 404);
	return customer;
}

type Spec = v.InferOutput<typeof meterSpecSchema>;

/**
 * The meter to put in service: a meter in stock with this serial, or a new one. A serial that
 * is in service elsewhere or was removed is refused by name (serials are unique).
 */
async function takeMeter(
	db: Database,
	spec: Spec,
	placement: repo.Placement,
	today: string,
	fieldPrefix = ''
) {
	const f = (name: string) => `${fieldPrefix}${name}`;
	if (spec.verifiedOn) raise(dateError(f('verifiedOn'), spec.verifiedOn, today));
	if (spec.verifiedOn && spec.verificationDueOn && spec.verificationDueOn <= spec.verifiedOn)
		throw new MeterInputError(
			f('verificationDueOn'),
			`${f('verificationDueOn')}: must be after the verification date (${spec.verifiedOn})`
		);
	const existing = await repo.meterBySerial(db, spec.serial, true);
	if (existing && existing.status !== 'in_stock')
		throw new MeterInputError(
			f('serial'),
			`${f('serial')}: ${spec.serial} already exists (${existing.status === 'in_service' ? 'in service on another connection' : 'removed from service'}); serials are unique`
		);
	const dialDigits = existing?.dial_digits ?? spec.dialDigits ?? 5;
	raise(indexError(f('initialIndex'), spec.initialIndex, dialDigits));
	const p = {
		...placement,
		verified_on: spec.verifiedOn ?? existing?.verified_on ?? null,
		verification_due_on: spec.verificationDueOn ?? existing?.verification_due_on ?? null
	};
	if (existing) return repo.placeStockMeter(db, existing.id, spec.sealNo, p);
	if (!spec.brand) throw new MeterInputError(f('brand'), `${f('brand')}: required for a new meter`);
	if (!spec.sizeMm)
		throw new MeterInputError(f('sizeMm'), `${f('sizeMm')}: required for a new meter`);
	return repo.insertMeterInService(
		db,
		{
			serial: spec.serial,
			brand: spec.brand,
			model: spec.model,
			size_mm: spec.sizeMm,
			dial_digits: dialDigits,
			seal_no: spec.sealNo
		},
		p
	);
}

function zoneOf(customer: { zone_id: number | null }): number {
	if (customer.zone_id === null)
		throw new MeterInputError(
			'customerId',
			'the customer has no zone (DMA): set it before installing a meter'
		);
	return customer.zone_id;
}

export async function installMeter(
	db: Database,
	user: SessionUser,
	customerId: number,
	input: InstallInput,
	today = utilityDate()
) {
	raise(dateError('installedOn', input.installedOn, today));
	return db.transaction().execute(async (trx) => {
		const customer = await customerOrThrow(trx, user, customerId, true);
		const current = await repo.meterInService(trx, customerId);
		if (current)
			throw new MeterInputError(
				'serial',
				`the customer already has meter ${current.serial} in service: replace it instead`,
				409
			);
		const meter = await takeMeter(
			trx,
			input,
			{
				customer_id: customerId,
				zone_id: zoneOf(customer),
				installed_on: input.installedOn,
				installed_by: input.installedBy,
				verified_on: null,
				verification_due_on: null,
				initial_index: String(input.initialIndex)
			},
			today
		);
		await writeAudit(trx, {
			actorId: user.id,
			entity: 'meter',
			entityId: meter.id,
			action: 'install',
			newValues: { ...meter, customer_id: customerId }
		});
		return meter;
	});
}

export async function replaceMeter(
	db: Database,
	user: SessionUser,
	customerId: number,
	input: ReplaceInput,
	today = utilityDate()
) {
	return db.transaction().execute(async (trx) => {
		const customer = await customerOrThrow(trx, user, customerId, true);
		const old = await repo.meterInService(trx, customerId, true);
		if (!old)
			throw new MeterInputError(
				'oldFinalIndex',
				'the customer has no meter in service: install one',
				409
			);
		raise(
			dateError('replacedOn', input.replacedOn, today, {
				date: old.installed_on,
				label: `the installation of ${old.serial}`
			})
		);
		raise(indexError('oldFinalIndex', input.oldFinalIndex, old.dial_digits));
		const rows = await repo.readingsOf(trx, customerId);
		// The old meter cannot come off before the day it was last read.
		const lastRead = rows
			.filter((r) => r.meter_id === old.id && r.read_at !== null)
			.map((r) => dayOf(r.read_at!))
			.sort()
			.at(-1);
		if (lastRead)
			raise(
				dateError('replacedOn', input.replacedOn, today, {
					date: lastRead,
					label: `the last reading of ${old.serial}`
				})
			);
		const readings = toPoints(rows);
		const floor = lastKnownIndex(old.id, num(old.initial_index), readings);
		if (floor !== null && input.oldFinalIndex < floor && !input.belowReason)
			throw new MeterInputError(
				'oldFinalIndex',
				`oldFinalIndex: ${input.oldFinalIndex} is below the last index of ${old.serial} (${floor}); give the reason (rollover, broken dial…) to record it anyway`
			);
		await repo.removeMeter(trx, old.id);
		const meter = await takeMeter(
			trx,
			input.newMeter,
			{
				customer_id: customerId,
				zone_id: zoneOf(customer),
				installed_on: input.replacedOn,
				installed_by: input.installedBy,
				verified_on: null,
				verification_due_on: null,
				initial_index: String(input.newMeter.initialIndex)
			},
			today,
			'newMeter.'
		);
		const replacement = {
			customer_id: customerId,
			old_meter_id: old.id,
			new_meter_id: meter.id,
			replaced_on: input.replacedOn,
			old_final_index: String(input.oldFinalIndex),
			new_initial_index: String(input.newMeter.initialIndex),
			reason: input.reason,
			performed_by: user.id
		};
		const { id } = await repo.insertReplacement(trx, replacement);
		await writeAudit(trx, {
			actorId: user.id,
			entity: 'meter_replacement',
			entityId: id,
			action: 'create',
			newValues: {
				...replacement,
				old_serial: old.serial,
				new_serial: meter.serial,
				below_reason: input.belowReason
			}
		});
		await writeAudit(trx, {
			actorId: user.id,
			entity: 'meter',
			entityId: old.id,
			action: 'remove',
			oldValues: { customer_id: customerId, status: 'in_service' },
			newValues: { customer_id: customerId, status: 'removed', final_index: input.oldFinalIndex }
		});
		await writeAudit(trx, {
			actorId: user.id,
			entity: 'meter',
			entityId: meter.id,
			action: 'install',
			newValues: { ...meter, customer_id: customerId, replaces: old.serial }
		});
		return { replacementId: id, oldMeter: old, newMeter: meter };
	});
}

export async function changeSeal(
	db: Database,
	user: SessionUser,
	customerId: number,
	input: SealInput
) {
	return db.transaction().execute(async (trx) => {
		await customerOrThrow(trx, user, customerId, true);
		const meter = await repo.meterInService(trx, customerId, true);
		if (!meter) throw new MeterInputError('sealNo', 'the customer has no meter in service', 409);
		if (meter.seal_no === input.sealNo)
			throw new MeterInputError(
				'sealNo',
				`sealNo: ${input.sealNo} is already the seal on ${meter.serial}`
			);
		await repo.updateMeter(trx, meter.id, { seal_no: input.sealNo });
		await writeAudit(trx, {
			actorId: user.id,
			entity: 'meter',
			entityId: meter.id,
			action: 'seal_change',
			oldValues: { customer_id: customerId, seal_no: meter.seal_no },
			newValues: { customer_id: customerId, seal_no: input.sealNo, reason: input.reason }
		});
	});
}

export async function recordVerification(
	db: Database,
	user: SessionUser,
	customerId: number,
	input: VerifyInput,
	today = utilityDate()
) {
	return db.transaction().execute(async (trx) => {
		await customerOrThrow(trx, user, customerId, true);
		const meter = await repo.meterInService(trx, customerId, true);
		if (!meter)
			throw new MeterInputError('verifiedOn', 'the customer has no meter in service', 409);
		raise(
			dateError('verifiedOn', input.verifiedOn, today, {
				date: meter.installed_on,
				label: 'installation'
			})
		);
		if (input.verificationDueOn <= input.verifiedOn)
			throw new MeterInputError('verificationDueOn', 'verificationDueOn: must be after verifiedOn');
		await repo.updateMeter(trx, meter.id, {
			verified_on: input.verifiedOn,
			verification_due_on: input.verificationDueOn
		});
		await writeAudit(trx, {
			actorId: user.id,
			entity: 'meter',
			entityId: meter.id,
			action: 'verify',
			oldValues: {
				customer_id: customerId,
				verified_on: meter.verified_on,
				verification_due_on: meter.verification_due_on
			},
			newValues: {
				customer_id: customerId,
				verified_on: input.verifiedOn,
				verification_due_on: input.verificationDueOn
			}
		});
	});
}

const num = (s: string | null) => (s === null ? null : Number(s));

function toPoints(rows: Awaited<ReturnType<typeof repo.readingsOf>>): ReadingPoint[] {
	return rows.map((r) => ({
		meterId: r.meter_id,
		periodMonth: r.period_month,
		previousIndex: Number(r.previous_index),
		currentIndex: num(r.current_index)
	}));
}

const dayOf = (at: Date | string) => (typeof at === 'string' ? at.slice(0, 10) : utilityDate(at));

/** The meter in service, the next reading's starting index, and the connection's history. */
export async function connectionMeters(db: Database, user: SessionUser, customerId: number) {
	const customer = await customerOrThrow(db, user, customerId);
	const [current, replacements, readings, ids] = await Promise.all([
		repo.meterInService(db, customerId),
		repo.replacementsOf(db, customerId),
		repo.readingsOf(db, customerId),
		repo.meterIdsOf(db, customerId)
	]);
	const [meters, audit] = await Promise.all([
		repo.metersByIds(db, ids),
		repo.meterAuditOf(db, ids)
	]);
	const serial = new Map(meters.map((m) => [m.id, m.serial]));
	const replacedIn = new Set(replacements.map((r) => r.new_meter_id));
	const events: HistoryEvent[] = [];
	for (const m of meters)
		if (m.installed_on && !replacedIn.has(m.id))
			events.push({
				kind: 'install',
				on: m.installed_on,
				meterId: m.id,
				serial: m.serial,
				initialIndex: num(m.initial_index),
				by: m.installed_by
			});
	for (const r of replacements)
		events.push({
			kind: 'replace',
			on: r.replaced_on,
			oldMeterId: r.old_meter_id,
			oldSerial: r.old_serial,
			newMeterId: r.new_meter_id,
			newSerial: r.new_serial,
			oldFinalIndex: Number(r.old_final_index),
			newInitialIndex: Number(r.new_initial_index),
			reason: r.reason
		});
	for (const a of audit) {
		const meterId = Number(a.entity_id);
		const nv = (a.new_values ?? {}) as Record<string, unknown>;
		const ov = (a.old_values ?? {}) as Record<string, unknown>;
		if (a.action === 'seal_change')
			events.push({
				kind: 'seal',
				on: dayOf(a.at),
				meterId,
				serial: serial.get(meterId) ?? '',
				from: (ov.seal_no as string | null) ?? null,
				to: String(nv.seal_no),
				reason: String(nv.reason ?? '')
			});
		else
			events.push({
				kind: 'verify',
				on: String(nv.verified_on),
				meterId,
				serial: serial.get(meterId) ?? '',
				dueOn: (nv.verification_due_on as string | null) ?? null
			});
	}
	for (const r of readings)
		events.push({
			kind: 'reading',
			on: r.read_at ? dayOf(r.read_at) : r.period_month,
			meterId: r.meter_id,
			serial: serial.get(r.meter_id) ?? '',
			previousIndex: Number(r.previous_index),
			currentIndex: num(r.current_index),
			consumptionM3: num(r.consumption_m3),
			readingKind: r.kind
		});
	return {
		customer,
		meter: current,
		nextPreviousIndex: current
			? previousIndexForNextReading(
					{ id: current.id, initialIndex: num(current.initial_index) },
					toPoints(readings)
				)
			: null,
		history: orderHistory(events)
	};
}

export const DUE_PAGE_SIZE = 50;

export const dueFilterSchema = v.object({
	days: v.optional(v.pipe(v.string(), v.regex(/^\d{1,4}$/), v.transform(Number)), '30'),
	zone: v.optional(
		v.pipe(
			v.string(),
			v.regex(/^\d*$/),
			v.transform((s) => (s ? Number(s) : null))
		),
		''
	),
	route: v.optional(
		v.pipe(
			v.string(),
			v.regex(/^\d*$/),
			v.transform((s) => (s ? Number(s) : null))
		),
		''
	),
	page: v.optional(
		v.pipe(v.string(), v.regex(/^\d{1,6}$/), v.transform(Number), v.minValue(1)),
		'1'
	)
});
export type DueQuery = v.InferOutput<typeof dueFilterSchema>;

export function parseDueQuery(params: URLSearchParams): DueQuery {
	const raw = Object.fromEntries(
		['days', 'zone', 'route', 'page'].flatMap((k) => (params.get(k) ? [[k, params.get(k)]] : []))
	);
	return parseInput(dueFilterSchema, raw);
}

export function dueFilter(user: SessionUser, q: DueQuery, today = utilityDate()): repo.DueFilter {
	return {
		until: addDays(today, q.days),
		zoneId: q.zone,
		routeId: q.route,
		routeIds: user.routeIds
	};
}

export async function verificationDue(
	db: Database,
	user: SessionUser,
	q: DueQuery,
	today = utilityDate()
) {
	const filter = dueFilter(user, q, today);
	const page = await repo.verificationDuePage(
		db,
		filter,
		(q.page - 1) * DUE_PAGE_SIZE,
		DUE_PAGE_SIZE
	);
	return { ...page, until: filter.until, today };
}

export async function searchMeters(db: Database, user: SessionUser, serial: string) {
	const prefix = serial.trim().toUpperCase();
	if (prefix.length < 2) return [];
	if (prefix.length > 30) throw new MeterInputError('serial', 'serial: at most 30 characters');
	return repo.searchBySerial(db, prefix, user.routeIds);
}
