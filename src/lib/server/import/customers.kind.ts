/**
 * The customer import as a kind of import: rows checked against the wards, routes, the
 * service area and the importing user's route scope (loaded once per file) and the codes,
 * serials and route positions a chunk names (three queries per chunk); the commit writes all
 * valid rows with set-based statements (commit.repository.ts).
 */
import { headerOf, mapHeader, type RawRow } from '../../domain/import/columns.ts';
import {
	nameIndex,
	newFileState,
	rowKeys,
	validateRow,
	type ImportRefs
} from '../../domain/import/validate-row.ts';
import { commitRows } from './commit.repository.ts';
import type { ImportKind } from './import-kind.ts';
import { chunkFacts, loadReferences } from './import.repository.ts';

export const customersKind: ImportKind = {
	matchHeader: mapHeader,
	headerOf,
	async checker(db, batch) {
		const ref = await loadReferences(db, batch.createdBy);
		const refs: ImportRefs = {
			bounds: ref.bounds,
			wards: nameIndex(ref.wards),
			routes: nameIndex(ref.routes),
			scopeRouteIds: ref.scope ? new Set(ref.scope) : null
		};
		const state = newFileState();
		return async (chunk) => {
			const keys = chunk.map((r) => rowKeys(r.raw as RawRow, refs));
			const facts = await chunkFacts(db, {
				codes: [...new Set(keys.flatMap((k) => (k.code ? [k.code] : [])))],
				serials: [...new Set(keys.flatMap((k) => (k.serial ? [k.serial] : [])))],
				positions: [...new Set(keys.flatMap((k) => (k.position ? [k.position] : [])))]
			});
			return chunk.map((r) => ({
				rowNo: r.rowNo,
				outcome: validateRow(r.rowNo, r.raw as RawRow, refs, facts, state)
			}));
		};
	},
	async commit(trx, batch) {
		const s = await commitRows(trx, batch.id, batch.createdBy);
		return {
			message:
				`Đã tạo ${s.created}, cập nhật ${s.updated} khách hàng; ` +
				`lắp ${s.meters} đồng hồ; ký ${s.contracts} hợp đồng`
		};
	}
};
