/**
 * Bulk-load helpers: set aside the foreign keys and GiST indexes of the tables being filled,
 * and put them back, unchanged, inside the same transaction. Per-row foreign-key triggers
 * cost about three quarters of a COPY into `reading`, and a GiST index built once over a
 * million points is three times cheaper than one grown point by point. Re-adding a foreign
 * key validates every row in one join, so the data is checked all the same; if anything
 * fails, the transaction rolls back with the definitions intact.
 */
import type postgres from 'postgres';

interface Deferred {
	restore: string[];
}

/** Drops the FKs and GiST indexes of `tables`; returns the statements that recreate them. */
export async function setAsideForLoad(
	tx: postgres.TransactionSql,
	tables: readonly string[]
): Promise<Deferred> {
	const list = tables.map((t) => `'${t}'::regclass`).join(', ');
	const fks = await tx.unsafe<{ tbl: string; name: string; def: string }[]>(
		`select conrelid::regclass::text as tbl, quote_ident(conname) as name,
			pg_get_constraintdef(oid) as def
		from pg_constraint where contype = 'f' and conrelid in (${list}) order by oid`
	);
	const gists = await tx.unsafe<{ name: string; def: string }[]>(
		`select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
		from pg_index i join pg_class c on c.oid = i.indexrelid join pg_am am on am.oid = c.relam
		where i.indrelid in (${list}) and am.amname = 'gist' and not i.indisunique
			and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)
		order by i.indexrelid`
	);
	for (const fk of fks) await tx.unsafe(`alter table ${fk.tbl} drop constraint ${fk.name}`);
	for (const ix of gists) await tx.unsafe(`drop index ${ix.name}`);
	return {
		restore: [
			...gists.map((ix) => ix.def),
			...fks.map((fk) => `alter table ${fk.tbl} add constraint ${fk.name} ${fk.def}`)
		]
	};
}

export async function restoreAfterLoad(
	tx: postgres.TransactionSql,
	deferred: Deferred
): Promise<void> {
	for (const statement of deferred.restore) await tx.unsafe(statement);
}
