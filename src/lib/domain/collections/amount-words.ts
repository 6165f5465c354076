/**
 * An amount of VND in Vietnamese words, as a receipt writes it under the figure ("Bằng chữ"):
 * 1.250.000 → "Một triệu hai trăm năm mươi nghìn đồng". Groups of three digits read with the
 * usual rules: "linh" for a zero ten (105 = một trăm linh năm), "mười" for ten, "mốt" and
 * "lăm" after a ten (21 = hai mươi mốt, 15 = mười lăm), and "không trăm" inside a number
 * (1.050.000 = một triệu không trăm năm mươi nghìn). Zero groups are left out.
 */
const digits = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'];
const groupNames = ['', 'nghìn', 'triệu', 'tỷ', 'nghìn tỷ', 'triệu tỷ'];

function readGroup(n: number, leading: boolean): string[] {
	const hundreds = Math.floor(n / 100);
	const tens = Math.floor((n % 100) / 10);
	const ones = n % 10;
	const words: string[] = [];
	if (!leading || hundreds > 0) words.push(digits[hundreds], 'trăm');
	if (tens === 0) {
		if (ones > 0 && words.length > 0) words.push('linh');
	} else if (tens === 1) words.push('mười');
	else words.push(digits[tens], 'mươi');
	if (ones === 1 && tens >= 2) words.push('mốt');
	else if (ones === 5 && tens >= 1) words.push('lăm');
	else if (ones > 0) words.push(digits[ones]);
	return words;
}

export function vndInWords(amount: number): string {
	if (!Number.isSafeInteger(amount) || amount < 0) throw new Error(`bad amount ${amount}`);
	if (amount === 0) return 'Không đồng';
	const groups: number[] = [];
	for (let n = amount; n > 0; n = Math.floor(n / 1000)) groups.push(n % 1000);
	if (groups.length > groupNames.length) throw new Error(`amount too large ${amount}`);
	const words: string[] = [];
	for (let k = groups.length - 1; k >= 0; k--) {
		if (groups[k] === 0) continue;
		words.push(...readGroup(groups[k], k === groups.length - 1));
		if (groupNames[k]) words.push(groupNames[k]);
	}
	const text = words.join(' ');
	return `${text.charAt(0).toUpperCase()}${text.slice(1)} đồng`;
}
