/**
 * The rules of a tariff case that span several fields. Runs after the shape is valid; each
 * problem carries the path of the field to fix and a Vietnamese reason.
 */
import { dayNumber, isoDate } from './days.ts';
import type { TariffCase } from './tariff.schema.ts';

export interface CaseProblem {
	path: (string | number)[];
	reason: string;
}

type Schedules = TariffCase['schedules'];

/** Whole digits of a non-negative index: 9990.5 has 4. */
function wholeDigits(index: number): number {
	return Math.trunc(index).toString().length;
}

function blockProblems(schedules: Schedules): CaseProblem[] {
	const problems: CaseProblem[] = [];
	schedules.forEach((schedule, s) => {
		for (const [code, category] of Object.entries(schedule.categories)) {
			if (category.basis === 'flat') continue;
			const last = category.blocks.length - 1;
			let previous = 0;
			category.blocks.forEach((block, b) => {
				const path = ['schedules', s, 'categories', code, 'blocks', b, 'upTo'];
				if (block.upTo === null) {
					if (b !== last)
						problems.push({
							path,
							reason: 'chỉ bậc cuối cùng được có upTo = null (không giới hạn)'
						});
					return;
				}
				if (b === last)
					problems.push({
						path,
						reason: 'bậc cuối cùng phải có upTo = null để mọi m³ đều có giá'
					});
				else if (block.upTo <= previous)
					problems.push({
						path,
						reason: `upTo phải tăng dần: ${block.upTo} không lớn hơn bậc trước (${previous})`
					});
				previous = Math.max(previous, block.upTo);
			});
		}
	});
	return problems;
}

function chargeProblems(schedules: Schedules): CaseProblem[] {
	const problems: CaseProblem[] = [];
	schedules.forEach((schedule, s) => {
		const codes = Object.keys(schedule.categories);
		// type → category → index of the charge already covering it
		const covered = new Map<string, Map<string, number>>();
		schedule.charges.forEach((charge, c) => {
			const at = (...rest: (string | number)[]) => ['schedules', s, 'charges', c, ...rest];
			if (charge.type === 'drainage' && charge.vatRate === undefined)
				problems.push({ path: at('vatRate'), reason: 'bắt buộc với phí thoát nước (drainage)' });
			if (charge.type === 'envFee' && charge.vatRate !== undefined && charge.vatRate !== 0)
				problems.push({
					path: at('vatRate'),
					reason: 'phí bảo vệ môi trường (envFee) không chịu VAT'
				});
			charge.categories?.forEach((code, k) => {
				if (!codes.includes(code))
					problems.push({
						path: at('categories', k),
						reason: `nhóm ${code} không có trong biểu giá ${schedule.id}`
					});
			});
			const byCategory = covered.get(charge.type) ?? new Map<string, number>();
			covered.set(charge.type, byCategory);
			for (const code of charge.categories ?? codes) {
				const other = byCategory.get(code);
				if (other !== undefined) {
					problems.push({
						path: at('categories'),
						reason: `phí ${charge.type} của nhóm ${code} đã có ở charges[${other}]`
					});
					break;
				}
				byCategory.set(code, c);
			}
		});
	});
	return problems;
}

function scheduleDateProblems(schedules: Schedules): CaseProblem[] {
	const problems: CaseProblem[] = [];
	const byDate = new Map<string, number>();
	const byId = new Map<string, number>();
	schedules.forEach((schedule, s) => {
		const sameDate = byDate.get(schedule.effectiveFrom);
		if (sameDate !== undefined)
			problems.push({
				path: ['schedules', s, 'effectiveFrom'],
				reason: `trùng ngày hiệu lực ${schedule.effectiveFrom} với schedules[${sameDate}]: hai biểu giá không thể cùng áp dụng`
			});
		else byDate.set(schedule.effectiveFrom, s);
		const sameId = byId.get(schedule.id);
		if (sameId !== undefined)
			problems.push({
				path: ['schedules', s, 'id'],
				reason: `trùng id "${schedule.id}" với schedules[${sameId}]`
			});
		else byId.set(schedule.id, s);
	});
	return problems;
}

function quantityProblems(c: TariffCase): CaseProblem[] {
	if (c.consumption != null && c.readings != null)
		return [{ path: ['consumption'], reason: 'chỉ được có một trong consumption hoặc readings' }];
	if (c.consumption == null && c.readings == null)
		return [{ path: ['consumption'], reason: 'bắt buộc: cần consumption hoặc readings' }];
	if (!c.readings) return [];
	const { digits } = c.readings;
	return (['previous', 'current'] as const)
		.filter((key) => wholeDigits(c.readings![key]) > digits)
		.map((key) => ({
			path: ['readings', key],
			reason: `chỉ số ${c.readings![key]} có ${wholeDigits(c.readings![key])} chữ số, đồng hồ chỉ có ${digits} chữ số`
		}));
}

/** Checks the period against the schedules: every day covered, the category priced. */
function periodProblems(c: TariffCase): CaseProblem[] {
	const previous = dayNumber(c.previousReadingOn)!;
	const current = dayNumber(c.currentReadingOn)!;
	if (current <= previous)
		return [
			{
				path: ['currentReadingOn'],
				reason: `phải sau ngày đọc trước (${c.previousReadingOn}): kỳ là (previousReadingOn, currentReadingOn]`
			}
		];
	const firstDay = previous + 1;
	const dated = c.schedules
		.map((schedule, s) => ({ schedule, s, from: dayNumber(schedule.effectiveFrom)! }))
		.sort((a, b) => a.from - b.from);
	if (dated[0].from > firstDay)
		return [
			{
				path: ['schedules'],
				reason: `không có biểu giá nào có hiệu lực ngày ${isoDate(firstDay)} (ngày đầu kỳ); biểu giá sớm nhất bắt đầu ${dated[0].schedule.effectiveFrom}`
			}
		];
	const problems: CaseProblem[] = [];
	dated.forEach(({ schedule, s, from }, i) => {
		const until = i + 1 < dated.length ? dated[i + 1].from - 1 : current;
		const inForce = Math.max(from, firstDay) <= Math.min(until, current);
		if (inForce && !Object.hasOwn(schedule.categories, c.customer.category))
			problems.push({
				path: ['customer', 'category'],
				reason: `nhóm ${c.customer.category} không có trong biểu giá ${schedule.id} (schedules[${s}].categories) đang áp dụng trong kỳ`
			});
	});
	return problems;
}

/** The rules of one schedule on its own (blocks, charges), with paths from the schedule. */
export function scheduleProblems(schedule: Schedules[number]): CaseProblem[] {
	return [...blockProblems([schedule]), ...chargeProblems([schedule])].map((problem) => ({
		path: problem.path.slice(2),
		reason: problem.reason
	}));
}

export function caseProblems(c: TariffCase): CaseProblem[] {
	const shape = [
		...blockProblems(c.schedules),
		...chargeProblems(c.schedules),
		...scheduleDateProblems(c.schedules),
		...quantityProblems(c)
	];
	// The period is only judged against schedules that are themselves sound.
	return shape.length > 0 ? shape : periodProblems(c);
}
