/**
 * Sign-in throttling. Failed attempts within the window count against both the username
 * and the client address; past the limit, sign-in is refused until the oldest counted
 * failure leaves the window.
 */
export const signInLimits = {
	windowMinutes: 15,
	maxFailuresPerUser: 5,
	maxFailuresPerIp: 20
} as const;

export interface FailureCounts {
	byUser: number;
	byIp: number;
	/** Oldest failure inside the window, for the retry time. */
	oldestAt: Date | null;
}

export function signInRetryAfter(counts: FailureCounts, now: Date): number | null {
	const blocked =
		counts.byUser >= signInLimits.maxFailuresPerUser ||
		counts.byIp >= signInLimits.maxFailuresPerIp;
	if (!blocked) return null;
	const windowMs = signInLimits.windowMinutes * 60_000;
	const oldest = counts.oldestAt?.getTime() ?? now.getTime();
	// Seconds until the window frees a slot; at least one.
	return Math.max(1, Math.ceil((oldest + windowMs - now.getTime()) / 1000));
}
