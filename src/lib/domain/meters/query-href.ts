/** A query string from the current one with some parameters set (string) or removed (null). */
export function withParams(search: string, changes: Record<string, string | null>): string {
	const params = new URLSearchParams(search);
	for (const [key, value] of Object.entries(changes))
		if (value === null) params.delete(key);
		else params.set(key, value);
	const text = params.toString();
	return text ? `?${text}` : '?';
}
