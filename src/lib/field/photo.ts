/**
 * Photos from the phone's camera are 3–12 MB; the order only needs them legible. They are
 * scaled so the longer side is at most 1600 px and re-encoded as JPEG (quality 0.8), about
 * 200–500 KB, before they are queued and uploaded.
 */
export const photoMaxSidePx = 1600;
const jpegQuality = 0.8;

/** The size that fits within `max` px on the longer side, keeping the aspect; never enlarges. */
export function fitWithin(width: number, height: number, max = photoMaxSidePx) {
	const scale = Math.min(1, max / Math.max(width, height));
	return {
		width: Math.max(1, Math.round(width * scale)),
		height: Math.max(1, Math.round(height * scale))
	};
}

/**
 * A JPEG file name for the photo of an order, stamped in Vietnam's time (UTC+7, no daylight
 * saving), e.g. PCT-2026-000123-20261127-171502.jpg.
 */
export function photoFileName(orderNumber: string, at: Date): string {
	const stamp = new Date(at.getTime() + 7 * 3_600_000)
		.toISOString()
		.replace(/[-:]/g, '')
		.replace('T', '-')
		.slice(0, 15);
	return `${orderNumber}-${stamp}.jpg`;
}

/**
 * The photo scaled and re-encoded as JPEG. The browser applies the EXIF orientation when it
 * decodes (createImageBitmap's default 'from-image'), so the result stands upright. A file
 * the browser cannot decode (HEIC on most browsers, or not an image) is returned as it is:
 * the server then says what it accepts.
 */
export async function downscalePhoto(file: Blob): Promise<Blob> {
	let bitmap: ImageBitmap;
	try {
		bitmap = await createImageBitmap(file);
	} catch {
		return file;
	}
	const { width, height } = fitWithin(bitmap.width, bitmap.height);
	const canvas = document.createElement('canvas');
	canvas.width = width;
	canvas.height = height;
	canvas.getContext('2d')!.drawImage(bitmap, 0, 0, width, height);
	bitmap.close();
	const blob = await new Promise<Blob | null>((resolve) =>
		canvas.toBlob(resolve, 'image/jpeg', jpegQuality)
	);
	return blob ?? file;
}
