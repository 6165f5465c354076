/** One order as GET /api/work-orders lists it (the field view and the dispatch map read it). */
export interface WorkOrderListItem {
	id: number;
	number: string;
	type: string;
	status: string;
	priority: string;
	/** WGS84; null when the order has neither a located customer nor a point of its own. */
	lon: number | null;
	lat: number | null;
	address: string | null;
	customerId: number | null;
	customerCode: string | null;
	customerName: string | null;
	assignedTo: number | null;
	assigneeName: string | null;
	/** ISO instants. */
	dueAt: string | null;
	createdAt: string;
	version: number;
}
