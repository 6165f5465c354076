/** The worked example of water-balance.md (DMA-07, 31 days). */
export const dma07 = {
	zone: 'DMA-07',
	days: 31,
	systemInput: 120000,
	billedMetered: 90000,
	billedUnmetered: 0,
	unbilledMetered: 500,
	unbilledUnmetered: 1000,
	meterUnderRegistration: 0.02,
	unauthorizedRate: 0.0025,
	mainsLengthKm: 45,
	connections: 4200,
	serviceLengthKm: 2.1,
	avgPressureM: 30
};
