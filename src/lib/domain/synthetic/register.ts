/**
 * One connection's register entries: the customer, the meter in service (and the removed one
 * after a replacement), and the contract revisions. The consumption profile it returns drives
 * the readings (consumption.ts).
 */
import { addDays, addYears, at, fromDay, readingDate, toDay, TODAY } from './calendar.ts';
import { houseOf } from './layout.ts';
import { householdPersons, organization, payment, person } from './people.ts';
import { Rng, rngFor, Stream } from './prng.ts';
import type { ContractRow, CustomerRow, MeterRow } from './types.ts';
import {
	CATEGORY_MIX,
	CITY,
	METER_BRANDS,
	REPLACEMENT_REASONS,
	wardLabel,
	type Category
} from './vocabulary.ts';
import type { World } from './world.ts';

export interface Replacement {
	/** Period index (1–11) whose reading is the first on the new meter. */
	period: number;
	replacedOn: string;
	newInitialIndex: number;
	reason: string;
	oldMeterId: number;
	oldDialDigits: number;
	newDialDigits: number;
	replacementId: number;
}

export interface ConsumptionProfile {
	customerIndex: number;
	zoneIndex: number;
	category: Category;
	/** Typical monthly use, m³. */
	baseM3: number;
	status: CustomerRow['status'];
	/** Period from which a suspended or cut-off connection uses nothing. */
	stoppedFrom: number;
	readingDay: number;
	meterId: number;
	dialDigits: number;
	/** Index (m³, not yet wrapped) of the meter in use on 1 Dec 2025. */
	initialIndex: number;
	replacement: Replacement | null;
}

export interface RegisterEntry {
	customer: CustomerRow;
	meters: MeterRow[];
	contracts: ContractRow[];
	profile: ConsumptionProfile;
}

const OLDEST = toDay('1996-01-01');
const NEWEST = toDay('2025-10-31');
const VERIFY_CUTOFF = toDay(addYears(TODAY, -5)); // verified before this: overdue today
const LAST_VERIFY = toDay('2026-10-31');

function baseUse(rng: Rng, category: Category, persons: number): number {
	switch (category) {
		case 'domestic':
			return persons * rng.real(3, 5);
		case 'poor_household':
			return persons * rng.real(2.5, 4);
		case 'administrative':
			return rng.real(20, 150);
		case 'public_service':
			return rng.real(10, 300);
		case 'production':
			return rng.real(100, 1500);
		case 'business':
			return rng.real(20, 500);
	}
}

function meterSize(rng: Rng, category: Category): number {
	if (category === 'domestic' || category === 'poor_household')
		return rng.weighted([
			[15, 96],
			[20, 3],
			[25, 1]
		]);
	if (category === 'production')
		return rng.weighted([
			[32, 2],
			[40, 3],
			[50, 3],
			[80, 2],
			[100, 1]
		]);
	return rng.weighted([
		[20, 2],
		[25, 4],
		[32, 2],
		[40, 1],
		[50, 1]
	]);
}

export function registerEntry(world: World, i: number): RegisterEntry {
	const { geo, layout, options } = world;
	const rng = rngFor(options.seed, Stream.customer, i);
	const id = i + 1;
	const house = houseOf(geo, layout, i, options.seed);
	const block = layout.block[i];
	const ward = geo.wards[geo.blockWard[block]];
	const zoneIndex = geo.blockZone[block];
	const route = layout.routes[layout.route[i]];

	const category = rng.weighted(CATEGORY_MIX);
	const individual = category === 'domestic' || category === 'poor_household';
	const wardWords = `${wardLabel(ward.name, ward.kind).replace(/^\S+/, (w) => w.toLowerCase())}`;
	const party = individual ? person(rng) : organization(rng, category, wardWords, id);
	const households = individual
		? rng.weighted([
				[1, 93],
				[2, 5],
				[3, 2]
			] as const)
		: 1;
	let persons = 0;
	if (individual) for (let h = 0; h < households; h++) persons += householdPersons(rng);
	const status = rng.weighted<CustomerRow['status']>([
		['active', 96.5],
		['suspended', 2],
		['cut_off', 1.5]
	]);
	const stoppedFrom = status === 'active' ? Infinity : rng.int(3, 11);

	// Connected between 1996 and October 2025, more of them recently (the network grows).
	const connectedOn = fromDay(OLDEST + Math.floor((NEWEST - OLDEST) * Math.sqrt(rng.next())));
	const createdAt = at(connectedOn, 8 * 60 + rng.int(0, 540));
	const statusChanged = Number.isFinite(stoppedFrom)
		? at(readingDate(stoppedFrom, route.readingDay), 14 * 60)
		: null;

	const contracts: ContractRow[] = [];
	const team = `Đội thi công số ${rng.int(1, 6)}`;
	const firstSigned = addDays(connectedOn, -rng.int(7, 30));
	const first: ContractRow = {
		id,
		customerId: id,
		revision: 1,
		status: 'active',
		signedOn: firstSigned,
		handoverOn: connectedOn,
		installedOn: connectedOn,
		installationTeam: team,
		createdAt: at(firstSigned, 9 * 60)
	};
	contracts.push(first);
	let updatedAt = statusChanged ?? createdAt;
	if (world.resignRank[i] >= 0) {
		// Re-signed (change of owner or of use): revision 2 replaces revision 1.
		first.status = 'superseded';
		const from = Math.min(toDay(connectedOn) + 365, NEWEST);
		const signedOn = fromDay(from + Math.floor((NEWEST - from) * rng.next()));
		contracts.push({
			id: options.customers + world.resignRank[i] + 1,
			customerId: id,
			revision: 2,
			status: 'active',
			signedOn,
			handoverOn: signedOn,
			installedOn: connectedOn,
			installationTeam: team,
			createdAt: at(signedOn, 9 * 60)
		});
		if (!statusChanged) updatedAt = at(signedOn, 9 * 60);
	}

	const meterRng = rngFor(options.seed, Stream.meter, i);
	const sizeMm = meterSize(meterRng, category);
	const baseM3 = baseUse(meterRng, category, persons);
	// A few old small meters are close to the end of their dial: they roll over this year.
	const rollover = sizeMm <= 25 && meterRng.chance(0.004);
	const dialDigits = rollover ? meterRng.pick([4, 5]) : sizeMm <= 25 ? 5 : 6;
	const connDay = toDay(connectedOn);
	// Old connections have often had their meter swapped before the records start.
	const installedDay =
		connDay < NEWEST - 3650 && meterRng.chance(0.6)
			? connDay + Math.floor((NEWEST - connDay) * meterRng.next())
			: connDay;
	const meters: MeterRow[] = [];
	// `fresh`: a new meter, verified the day it is installed.
	const makeMeter = (
		meterId: number,
		installed: number,
		digits: number,
		fresh: boolean
	): MeterRow => {
		const { brand, prefix, models } = meterRng.weighted(METER_BRANDS);
		const overdue = installed < VERIFY_CUTOFF && meterRng.chance(0.095);
		const verified = fresh
			? installed
			: installed >= VERIFY_CUTOFF
				? installed
				: overdue
					? installed + Math.floor((VERIFY_CUTOFF - 1 - installed) * meterRng.next())
					: VERIFY_CUTOFF + 1 + Math.floor((LAST_VERIFY - VERIFY_CUTOFF - 1) * meterRng.next());
		const verifiedOn = fromDay(verified);
		const yy = fromDay(installed).slice(2, 4);
		return {
			id: meterId,
			serial: `${prefix}${yy}${String(meterId).padStart(8, '0')}`,
			brand,
			model: meterRng.pick(models),
			sizeMm,
			dialDigits: digits,
			sealNo: `NC${meterRng.digits(7)}`,
			status: 'in_service',
			customerId: id,
			zoneId: zoneIndex + 1,
			installedOn: fromDay(installed),
			installedBy: `Đội lắp đặt số ${meterRng.int(1, 6)}`,
			verifiedOn,
			verificationDueOn: addYears(verifiedOn, 5)
		};
	};

	let replacement: Replacement | null = null;
	const years = (NEWEST - installedDay) / 365;
	const initialIndex = rollover
		? Math.pow(10, dialDigits) - Math.round(baseM3 * meterRng.real(1.5, 8))
		: Math.round(years * baseM3 * 12 * meterRng.real(0.7, 1.1)) % Math.pow(10, dialDigits);
	if (world.replaceRank[i] >= 0) {
		const rank = world.replaceRank[i];
		const period = meterRng.int(1, 11);
		const prev = toDay(readingDate(period - 1, route.readingDay));
		const next = toDay(readingDate(period, route.readingDay));
		const replacedOn = fromDay(prev + meterRng.int(1, next - prev - 1));
		const oldMeter = makeMeter(options.customers + rank + 1, installedDay, dialDigits, false);
		oldMeter.status = 'removed';
		oldMeter.customerId = null;
		oldMeter.zoneId = null;
		const overdue = oldMeter.verificationDueOn < replacedOn;
		const newDialDigits = sizeMm <= 25 ? 5 : 6;
		const newMeter = makeMeter(id, toDay(replacedOn), newDialDigits, true);
		meters.push(newMeter, oldMeter);
		replacement = {
			period,
			replacedOn,
			newInitialIndex: meterRng.int(0, 2),
			reason: overdue ? REPLACEMENT_REASONS[0] : meterRng.pick(REPLACEMENT_REASONS.slice(1)),
			oldMeterId: oldMeter.id,
			oldDialDigits: dialDigits,
			newDialDigits,
			replacementId: rank + 1
		};
	} else meters.push(makeMeter(id, installedDay, dialDigits, false));

	const customer: CustomerRow = {
		id,
		...party,
		address: `${house.houseNo} ${house.street}, ${wardLabel(ward.name, ward.kind)}, ${CITY.provinceName}`,
		wardId: ward.id,
		geom: geo.grid.point(house.x, house.y),
		zoneId: zoneIndex + 1,
		...payment(rng, !individual),
		category,
		households,
		persons,
		status,
		routeId: route.id,
		routeSeq: 10 * (i - route.start + 1),
		createdAt,
		updatedAt
	};
	return {
		customer,
		meters,
		contracts,
		profile: {
			customerIndex: i,
			zoneIndex,
			category,
			baseM3,
			status,
			stoppedFrom,
			readingDay: route.readingDay,
			meterId: replacement ? replacement.oldMeterId : id,
			dialDigits: replacement ? replacement.oldDialDigits : dialDigits,
			initialIndex,
			replacement
		}
	};
}
