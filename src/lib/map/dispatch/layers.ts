import { ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { Layer } from '@deck.gl/core';
import type { DispatchOrder, LiveStaff } from './api.ts';
import { orderFill, orderRadius } from './model.ts';

// Layer ids: end-to-end tests find the drawn orders and staff by these.
export const ordersLayerId = 'dispatch-orders';
export const staffLayerId = 'dispatch-staff';

const white: [number, number, number, number] = [255, 255, 255, 255];
const picked: [number, number, number, number] = [230, 81, 0, 255];
const staffFill: [number, number, number, number] = [11, 83, 148, 255];

/** Orders as dots coloured by status and sized by priority; picked ones ringed in orange. */
export function orderLayers(
	orders: readonly DispatchOrder[],
	pickedIds: ReadonlySet<number>
): Layer[] {
	return [
		new ScatterplotLayer<DispatchOrder>({
			id: ordersLayerId,
			data: orders,
			getPosition: (o) => [o.lon, o.lat],
			getFillColor: (o) => orderFill(o),
			getRadius: (o) => orderRadius(o) + (pickedIds.has(o.id) ? 2 : 0),
			getLineColor: (o) => (pickedIds.has(o.id) ? picked : white),
			getLineWidth: (o) => (pickedIds.has(o.id) ? 3 : 1.5),
			radiusUnits: 'pixels',
			lineWidthUnits: 'pixels',
			stroked: true,
			// Clicks are matched by the panel against the map's projection (nearestAt).
			updateTriggers: { getRadius: pickedIds, getLineColor: pickedIds, getLineWidth: pickedIds }
		})
	];
}

/** Field staff on duty: a blue marker with the name beside it. */
export function staffLayers(staff: readonly LiveStaff[]): Layer[] {
	return [
		new ScatterplotLayer<LiveStaff>({
			id: staffLayerId,
			data: staff,
			getPosition: (s) => [s.lon, s.lat],
			getFillColor: staffFill,
			getLineColor: white,
			getRadius: 8,
			getLineWidth: 2,
			radiusUnits: 'pixels',
			lineWidthUnits: 'pixels',
			stroked: true
		}),
		new TextLayer<LiveStaff>({
			id: `${staffLayerId}-names`,
			data: staff,
			getPosition: (s) => [s.lon, s.lat],
			getText: (s) => s.name,
			getSize: 12,
			getColor: [29, 39, 51, 255],
			getPixelOffset: [12, 0],
			getTextAnchor: 'start',
			getAlignmentBaseline: 'center',
			// Vietnamese names need more than the default ASCII atlas.
			characterSet: 'auto',
			background: true,
			getBackgroundColor: [255, 255, 255, 220],
			backgroundPadding: [3, 1]
		})
	];
}
