/**
 * Consumption classes the map colours customers by, from the m³ of their latest reading.
 * The upper bounds follow the domestic tariff's blocks (10, 20, 30 m³ a month), so a class
 * reads as "which block the customer's last bill reached". Class 0 is a zero reading, which
 * engineers look at first (stopped meter, empty house, bypass).
 */
export const consumptionClassUpperBoundsM3 = [10, 20, 30] as const;

export const consumptionClasses = [0, 1, 2, 3, 4] as const;
export type ConsumptionClass = (typeof consumptionClasses)[number];

/** The class of a consumption in m³; null when the customer has no reading yet. */
export function consumptionClass(m3: number | null): ConsumptionClass | null {
	if (m3 === null || !Number.isFinite(m3)) return null;
	if (m3 <= 0) return 0;
	const index = consumptionClassUpperBoundsM3.findIndex((bound) => m3 <= bound);
	return (index === -1 ? consumptionClassUpperBoundsM3.length + 1 : index + 1) as ConsumptionClass;
}

/** "0 m³", "0–10 m³", "10–20 m³", "20–30 m³", "> 30 m³": the legend's labels. */
export function consumptionClassLabel(cls: ConsumptionClass): string {
	const b = consumptionClassUpperBoundsM3;
	if (cls === 0) return '0 m³';
	if (cls === b.length + 1) return `> ${b[b.length - 1]} m³`;
	return `${cls === 1 ? 0 : b[cls - 2]}–${b[cls - 1]} m³`;
}
