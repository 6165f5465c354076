/**
 * Contracts: sign (/01), re-sign (/02, /03…: the active one becomes 'superseded' and stays
 * readable), terminate, and the search across all contracts. One active contract per customer
 * (also a unique index). Each change is audited with customer_id in its values.
 */
import * as v from 'valibot';
import { dateError } from '../../domain/meters/meter-rules.ts';
import {
	contractStatuses,
	MAX_REVISION,
	nextRevision
} from '../../domain/contracts/contract-rules.ts';
import { utilityDate } from '../../domain/time/utility-date.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { SessionUser } from '../auth/auth.repository.ts';
import type { Database } from '../db/connection.ts';
import { scopedCustomer } from '../meters/meters.repository.ts';
import {
	day,
	MeterInputError as InputError,
	optionalDay,
	optionalText,
	parseInput
} from '../meters/meters.service.ts';
import * as repo from './contracts.repository.ts';

export { InputError };

export const signSchema = v.object({
	signedOn: day,
	handoverOn: optionalDay,
	installedOn: optionalDay,
	installationTeam: optionalText(100)
});
export type SignInput = v.InferOutput<typeof signSchema>;

export const terminateSchema = v.object({
	reason: v.pipe(v.string(), v.trim(), v.minLength(3, 'at least 3 characters'), v.maxLength(300))
});

function checkDates(input: SignInput, today: string) {
	for (const [field, value] of [
		['signedOn', input.signedOn],
		['handoverOn', input.handoverOn],
		['installedOn', input.installedOn]
	] as const) {
		if (!value) continue;
		const e = dateError(
			field,
			value,
			today,
			field === 'signedOn' ? undefined : { date: input.signedOn, label: 'the signing date' }
		);
		if (e) throw new InputError(e.field, e.message);
	}
}

async function customerOrThrow(db: Database, user: SessionUser, customerId: number, lock = false) {
	const c = await scopedCustomer(db, customerId, user.routeIds, lock);
	if (!c) throw new InputError('customerId', 'customer not found or not in your routes', 404);
	return c;
}

export async function customerContracts(db: Database, user: SessionUser, customerId: number) {
	const customer = await customerOrThrow(db, user, customerId);
	return { customer, contracts: await repo.contractsOf(db, customerId) };
}

/**
 * Signs the first contract or re-signs: the next revision becomes active, the active one (if
 * any) superseded. `expect` guards against two clerks re-signing from the same screen.
 */
export async function signContract(
	db: Database,
	user: SessionUser,
	customerId: number,
	input: SignInput,
	mode: 'sign' | 'resign',
	today = utilityDate()
) {
	checkDates(input, today);
	return db.transaction().execute(async (trx) => {
		const customer = await customerOrThrow(trx, user, customerId, true);
		const existing = await repo.contractsOf(trx, customerId, true);
		const active = existing.find((k) => k.status === 'active');
		if (mode === 'sign' && active)
			throw new InputError(
				'signedOn',
				`the customer already has contract ${active.number}: re-sign it instead`,
				409
			);
		if (mode === 'resign' && !active)
			throw new InputError('signedOn', 'the customer has no active contract to re-sign', 409);
		if (active && input.signedOn < active.signed_on)
			throw new InputError(
				'signedOn',
				`signedOn: before the current contract's signing date (${active.signed_on})`
			);
		const revision = nextRevision(existing.map((k) => k.revision));
		if (revision > MAX_REVISION)
			throw new InputError(
				'signedOn',
				`the customer has ${MAX_REVISION} contracts, the most a number allows`,
				409
			);
		if (active) {
			await repo.setStatus(trx, active.id, 'superseded');
			await writeAudit(trx, {
				actorId: user.id,
				entity: 'contract',
				entityId: active.id,
				action: 'supersede',
				oldValues: { customer_id: customerId, number: active.number, status: 'active' },
				newValues: { customer_id: customerId, number: active.number, status: 'superseded' }
			});
		}
		const contract = await repo.insertContract(trx, customerId, revision, {
			signed_on: input.signedOn,
			handover_on: input.handoverOn,
			installed_on: input.installedOn,
			installation_team: input.installationTeam
		});
		await writeAudit(trx, {
			actorId: user.id,
			entity: 'contract',
			entityId: contract.id,
			action: active ? 'resign' : 'sign',
			newValues: {
				...contract,
				customer_id: customerId,
				customer_code: customer.code,
				supersedes: active?.number ?? null
			}
		});
		return contract;
	});
}

/** Records handover / installation dates and the team on the active contract. */
export async function updateContract(
	db: Database,
	user: SessionUser,
	customerId: number,
	contractId: number,
	input: SignInput,
	today = utilityDate()
) {
	checkDates(input, today);
	return db.transaction().execute(async (trx) => {
		await customerOrThrow(trx, user, customerId, true);
		const k = (await repo.contractsOf(trx, customerId, true)).find((c) => c.id === contractId);
		if (!k) throw new InputError('contractId', 'contract not found', 404);
		if (k.status !== 'active')
			throw new InputError(
				'contractId',
				`contract ${k.number} is ${k.status}: it can only be read`,
				409
			);
		const values = {
			signed_on: input.signedOn,
			handover_on: input.handoverOn,
			installed_on: input.installedOn,
			installation_team: input.installationTeam
		};
		const updated = await repo.updateDates(trx, k.id, values);
		await writeAudit(trx, {
			actorId: user.id,
			entity: 'contract',
			entityId: k.id,
			action: 'update',
			oldValues: {
				customer_id: customerId,
				signed_on: k.signed_on,
				handover_on: k.handover_on,
				installed_on: k.installed_on,
				installation_team: k.installation_team
			},
			newValues: { customer_id: customerId, ...values }
		});
		return updated;
	});
}

export async function terminateContract(
	db: Database,
	user: SessionUser,
	customerId: number,
	contractId: number,
	reason: string
) {
	return db.transaction().execute(async (trx) => {
		await customerOrThrow(trx, user, customerId, true);
		const k = (await repo.contractsOf(trx, customerId, true)).find((c) => c.id === contractId);
		if (!k) throw new InputError('contractId', 'contract not found', 404);
		if (k.status !== 'active')
			throw new InputError('contractId', `contract ${k.number} is already ${k.status}`, 409);
		await repo.setStatus(trx, k.id, 'terminated');
		await writeAudit(trx, {
			actorId: user.id,
			entity: 'contract',
			entityId: k.id,
			action: 'terminate',
			oldValues: { customer_id: customerId, number: k.number, status: 'active' },
			newValues: { customer_id: customerId, number: k.number, status: 'terminated', reason }
		});
	});
}

export const CONTRACT_PAGE_SIZE = 50;

const searchSchema = v.object({
	q: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(100, 'at most 100 characters')), ''),
	status: v.optional(v.picklist(['', ...contractStatuses]), ''),
	from: optionalDay,
	to: optionalDay,
	page: v.optional(
		v.pipe(v.string(), v.regex(/^\d{1,6}$/, 'a page number'), v.transform(Number), v.minValue(1)),
		'1'
	)
});

export async function searchAllContracts(db: Database, user: SessionUser, params: URLSearchParams) {
	const raw = Object.fromEntries(
		['q', 'status', 'from', 'to', 'page'].flatMap((k) =>
			params.get(k) ? [[k, params.get(k)]] : []
		)
	);
	const q = parseInput(searchSchema, raw);
	const words = q.q
		.normalize('NFC')
		.split(/\s+/)
		.filter((w) => w.length > 0);
	const result = await repo.searchContracts(
		db,
		{
			words,
			status: q.status || null,
			signedFrom: q.from,
			signedTo: q.to,
			routeIds: user.routeIds
		},
		(q.page - 1) * CONTRACT_PAGE_SIZE,
		CONTRACT_PAGE_SIZE
	);
	return { ...result, query: q, pageSize: CONTRACT_PAGE_SIZE };
}
