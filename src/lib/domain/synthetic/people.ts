/**
 * Who a connection belongs to: a person's name and papers, or an organisation by category,
 * and how they pay. Pure functions of one customer's random stream.
 */
import { Rng } from './prng.ts';
import {
	asciiFold,
	BANKS,
	FAMILY_NAMES,
	FEMALE_GIVEN,
	FEMALE_MIDDLE,
	FLOWERS,
	MALE_GIVEN,
	MALE_MIDDLE,
	ORGANIZATIONS,
	PHONE_PREFIXES,
	STREET_NAMES,
	TRADE_NAMES,
	type Category
} from './vocabulary.ts';
import type { CustomerRow } from './types.ts';

export interface Party {
	name: string;
	kind: CustomerRow['kind'];
	taxOrIdNumber: string | null;
	industry: string | null;
	phone: string | null;
	email: string | null;
}

/** A person: "Nguyễn Văn An", with a CCCD (12 digits, province of birth 046 = Huế). */
export function person(rng: Rng): Party {
	const family = rng.weighted(FAMILY_NAMES);
	const female = family === 'Tôn Nữ' ? true : family === 'Tôn Thất' ? false : rng.chance(0.5);
	const middle = family === 'Tôn Nữ' ? '' : rng.pick(female ? FEMALE_MIDDLE : MALE_MIDDLE) + ' ';
	const given = rng.pick(female ? FEMALE_GIVEN : MALE_GIVEN);
	const born = rng.int(1940, 2006);
	const yy = String(born % 100).padStart(2, '0');
	// CCCD: birthplace province (3), gender and century (1), birth year (2), serial (6).
	const genderCentury = (born >= 2000 ? 2 : 0) + (female ? 1 : 0);
	const id = rng.chance(0.8) ? `046${genderCentury}${yy}${rng.digits(6)}` : null;
	const mail = asciiFold(`${given}.${family.split(' ')[0]}${yy}`).toLowerCase();
	return {
		name: `${family} ${middle}${given}`,
		kind: 'individual',
		taxOrIdNumber: id,
		industry: null,
		phone: rng.chance(0.92) ? phone(rng) : null,
		email: rng.chance(0.15) ? `${mail}@gmail.com` : null
	};
}

/** An organisation of a non-domestic category, with a Huế tax code (33…). */
export function organization(
	rng: Rng,
	category: Exclude<Category, 'domestic' | 'poor_household'>,
	wardWords: string,
	id: number
): Party {
	const [template, industry] = rng.pick(ORGANIZATIONS[category]);
	const name = template
		.replace('{w}', wardWords)
		.replace('{s}', rng.pick(STREET_NAMES))
		.replace('{t}', rng.pick(TRADE_NAMES))
		.replace('{f}', rng.pick(FLOWERS))
		.replace('{n}', String(rng.int(1, 30)));
	const branch = rng.chance(0.1) ? `-00${rng.int(1, 9)}` : '';
	const initials = asciiFold(name)
		.split(/\s+/)
		.map((w) => w[0] ?? '')
		.join('')
		.toLowerCase()
		.replace(/[^a-z0-9]/g, '');
	return {
		name,
		kind: 'organization',
		taxOrIdNumber: `33${rng.digits(8)}${branch}`,
		industry,
		phone: rng.chance(0.6) ? `0234${rng.digits(7)}` : phone(rng),
		email: rng.chance(0.5) ? `${initials}.${id}@gmail.com` : null
	};
}

/** A mobile number, 10 digits. */
function phone(rng: Rng): string {
	return `${rng.pick(PHONE_PREFIXES)}${rng.digits(7)}`;
}

export interface Payment {
	paymentMethod: CustomerRow['paymentMethod'];
	bankAccount: string | null;
	bankName: string | null;
}

/** Payment method; bank transfer and auto-debit always come with an account. */
export function payment(rng: Rng, organisation: boolean): Payment {
	const method = rng.weighted<CustomerRow['paymentMethod']>(
		organisation
			? [
					['bank_transfer', 70],
					['cash', 15],
					['auto_debit', 10],
					['e_wallet', 5]
				]
			: [
					['cash', 45],
					['bank_transfer', 20],
					['auto_debit', 10],
					['e_wallet', 25]
				]
	);
	const needsBank = method === 'bank_transfer' || method === 'auto_debit';
	const hasBank = needsBank || rng.chance(0.1);
	return {
		paymentMethod: method,
		bankAccount: hasBank ? rng.digits(rng.int(10, 14)) : null,
		bankName: hasBank ? rng.pick(BANKS) : null
	};
}

/** Registered persons: 1–8 per household, most often 3–5. */
export function householdPersons(rng: Rng): number {
	return rng.weighted([
		[1, 8],
		[2, 14],
		[3, 20],
		[4, 25],
		[5, 16],
		[6, 9],
		[7, 5],
		[8, 3]
	]);
}
