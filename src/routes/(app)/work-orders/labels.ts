/** Work-order labels for the pages: the map's tables (one home for these names). */
export {
	workOrderPriorityNames as priorityLabel,
	workOrderStatusNames as statusLabel,
	workOrderTypeNames as typeLabel
} from '#lib/map/labels.ts';

/** The label, or the code itself for a value this build does not know. */
export const label = (map: Record<string, () => string>, code: string): string =>
	map[code]?.() ?? code;
