/**
 * The utility's tariff codes (đối tượng giá) and which code bills each customer category.
 * A code a decision prices cannot be renamed or deleted (the decision's prices are keyed by
 * it), and a code still billing a customer category cannot be deleted: remap first. Every
 * change is audited in its transaction.
 */
import * as v from 'valibot';
import { customerCategories } from '../../domain/map/selection.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { SessionUser } from '../auth/auth.repository.ts';
import type { Database } from '../db/connection.ts';
import { RequestError, parseInput } from '../http/refusal.ts';
import * as repo from './categories.repository.ts';
import { databaseRefusal, requireEdit, TariffError } from './tariffs.errors.ts';

const categorySchema = v.object({
	code: v.pipe(
		v.string(),
		v.trim(),
		v.toUpperCase(),
		v.regex(
			/^[A-Z][A-Z0-9_]{0,19}$/,
			'mã nhóm: 1–20 ký tự A–Z, 0–9, _ và bắt đầu bằng chữ (ví dụ SH)'
		)
	),
	name: v.pipe(
		v.string(),
		v.trim(),
		v.minLength(1, 'tên nhóm không được để trống'),
		v.maxLength(120, 'tên nhóm tối đa 120 ký tự')
	),
	sort: v.pipe(
		v.union([v.number(), v.string()]),
		v.transform((x) => (x === '' ? 0 : Number(x))),
		v.integer('thứ tự phải là số nguyên'),
		v.minValue(0, 'thứ tự không được âm'),
		v.maxValue(100000, 'thứ tự tối đa 100000')
	)
});

export type CategoryInput = v.InferInput<typeof categorySchema>;

/** parseInput, refusing as the tariff area. */
function parse<S extends v.GenericSchema>(schema: S, input: unknown): v.InferOutput<S> {
	try {
		return parseInput(schema, input);
	} catch (err) {
		if (err instanceof RequestError) throw TariffError.of(400, err.field, err.reason);
		throw err;
	}
}

export async function listCategoriesAndMapping(db: Database) {
	const [categories, mapping] = [await repo.listCategories(db), await repo.mappingRows(db)];
	const codeOf = new Map(mapping.map((m) => [m.customer_category, m.tariff_code]));
	return {
		categories,
		mapping: customerCategories.map((c) => ({
			customerCategory: c,
			tariffCode: codeOf.get(c) ?? null
		}))
	};
}

export async function createCategory(db: Database, user: SessionUser, input: CategoryInput) {
	requireEdit(user);
	const row = parse(categorySchema, input);
	await db.transaction().execute(async (trx) => {
		if (await repo.findCategory(trx, row.code))
			throw TariffError.of(409, 'code', `mã nhóm ${row.code} đã có`);
		await repo.insertCategory(trx, row).catch(databaseRefusal);
		await writeAudit(trx, {
			actorId: user.id,
			entity: 'tariff_category',
			entityId: row.code,
			action: 'tariff_category.create',
			newValues: row
		});
	});
}

async function existing(trx: Database, code: string) {
	const before = await repo.findCategory(trx, code, true);
	if (!before) throw TariffError.of(404, 'code', `mã nhóm ${code} không tồn tại`);
	return before;
}

/** Relabels a code, or renames it while no decision prices it (the mapping follows). */
export async function updateCategory(
	db: Database,
	user: SessionUser,
	code: string,
	input: CategoryInput
) {
	requireEdit(user);
	const row = parse(categorySchema, input);
	await db.transaction().execute(async (trx) => {
		const before = await existing(trx, code);
		if (row.code !== code) {
			const pricing = await repo.schedulesPricing(trx, code);
			if (pricing.length)
				throw TariffError.of(
					409,
					'code',
					`không đổi được mã ${code}: biểu giá ${pricing.join(', ')} định giá theo mã này`
				);
			if (await repo.findCategory(trx, row.code))
				throw TariffError.of(409, 'code', `mã nhóm ${row.code} đã có`);
		}
		await repo.updateCategory(trx, code, row).catch(databaseRefusal);
		await writeAudit(trx, {
			actorId: user.id,
			entity: 'tariff_category',
			entityId: row.code,
			action: 'tariff_category.update',
			oldValues: before,
			newValues: row
		});
	});
}

export async function deleteCategory(db: Database, user: SessionUser, code: string) {
	requireEdit(user);
	await db.transaction().execute(async (trx) => {
		const before = await existing(trx, code);
		const pricing = await repo.schedulesPricing(trx, code);
		if (pricing.length)
			throw TariffError.of(
				409,
				'code',
				`không xóa được mã ${code}: biểu giá ${pricing.join(', ')} định giá theo mã này`
			);
		const mapped = (await repo.mappingRows(trx)).filter((m) => m.tariff_code === code);
		if (mapped.length)
			throw TariffError.of(
				409,
				'code',
				`không xóa được mã ${code}: đang tính giá cho nhóm khách hàng ${mapped.map((m) => m.customer_category).join(', ')}; đổi ánh xạ trước`
			);
		await repo.deleteCategory(trx, code);
		await writeAudit(trx, {
			actorId: user.id,
			entity: 'tariff_category',
			entityId: code,
			action: 'tariff_category.delete',
			oldValues: before
		});
	});
}

const mappingSchema = v.object({
	customerCategory: v.picklist(customerCategories, 'nhóm khách hàng không hợp lệ'),
	// Empty: the category is not billed (its customers are listed by the run).
	tariffCode: v.pipe(v.string(), v.trim())
});

/** Sets which code bills a customer category (empty code: not billed). */
export async function setMapping(
	db: Database,
	user: SessionUser,
	input: v.InferInput<typeof mappingSchema>
) {
	requireEdit(user);
	const { customerCategory, tariffCode } = parse(mappingSchema, input);
	await db.transaction().execute(async (trx) => {
		const before = (await repo.mappingRows(trx)).find(
			(m) => m.customer_category === customerCategory
		);
		if (tariffCode === '') await repo.clearMapping(trx, customerCategory);
		else {
			if (!(await repo.findCategory(trx, tariffCode)))
				throw TariffError.of(400, 'tariffCode', `mã nhóm ${tariffCode} không tồn tại`);
			await repo.setMapping(trx, customerCategory, tariffCode);
		}
		await writeAudit(trx, {
			actorId: user.id,
			entity: 'customer_category_tariff',
			entityId: customerCategory,
			action: 'customer_category_tariff.update',
			oldValues: { tariff_code: before?.tariff_code ?? null },
			newValues: { tariff_code: tariffCode || null }
		});
	});
}
