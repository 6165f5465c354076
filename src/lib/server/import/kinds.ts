/** The import kinds by name, as import_batch.kind stores them. */
import { readingsKind } from '../readings/import/readings.kind.ts';
import { customersKind } from './customers.kind.ts';
import type { ImportKind } from './import-kind.ts';
import type { ImportKindName } from './import.repository.ts';

const kinds: Record<ImportKindName, ImportKind> = {
	customers: customersKind,
	readings: readingsKind
};

export function kindOf(name: ImportKindName): ImportKind {
	const kind = kinds[name];
	if (!kind) throw new Error(`unknown import kind ${name}`);
	return kind;
}
