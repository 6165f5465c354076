/** The remit page's view of the reader's collections API (JSON: instants are ISO strings). */
export interface MethodTotals {
	cash: number;
	bank_transfer: number;
	qr: number;
	total: number;
	count: number;
}

export interface ReaderCollection {
	id: number;
	customerId: number;
	customerCode: string;
	customerName: string;
	amountVnd: number;
	method: string;
	collectedAt: string;
	note: string | null;
	remittanceId: number | null;
}

export interface ReaderRemittance {
	id: number;
	number: string;
	status: 'submitted' | 'confirmed';
	totalVnd: number;
	count: number;
	submittedAt: string;
	confirmedAt: string | null;
	receiptNo: string | null;
}

export interface RemitData {
	pending: ReaderCollection[];
	pendingTotals: MethodTotals;
	today: ReaderCollection[];
	todayTotals: MethodTotals;
	remittances: ReaderRemittance[];
}
