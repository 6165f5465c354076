/**
 * Contract numbering (số hợp đồng = mã KH + /01, /02…). The database trigger sets the number
 * from the revision; this is the same rule for messages and checks before the insert.
 */
export const MAX_REVISION = 99;

/** The revision of the next signing: 1 for the first, one more than the highest otherwise. */
export function nextRevision(revisions: number[]): number {
	return revisions.length === 0 ? 1 : Math.max(...revisions) + 1;
}

export function contractNumber(customerCode: string, revision: number): string {
	return `${customerCode}/${String(revision).padStart(2, '0')}`;
}

export const contractStatuses = ['active', 'superseded', 'terminated'] as const;
export type ContractStatus = (typeof contractStatuses)[number];
