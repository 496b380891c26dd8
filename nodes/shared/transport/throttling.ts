import { sleep } from 'n8n-workflow';

import type { GraphBusinessUseCaseUsage } from '../generated/graph-types';

/**
 * How the transport retries throttled and transient Graph calls. Bounded on purpose: a
 * workflow should fail with a clear message rather than hang.
 */
export interface GraphRetrySettings {
	/** Tries in all, the first included. */
	maxAttempts: number;
	/** First back-off; doubled on each further try. */
	baseDelayMs: number;
	/**
	 * Longest single wait. When Meta says access comes back later than this, the call
	 * fails at once with that estimate instead of waiting.
	 */
	maxDelayMs: number;
	/** Longest wait for one answer; a Graph call never hangs longer than this. */
	timeoutMs: number;
	/** How to wait; n8n-workflow's `sleep` unless a test replaces it. */
	sleep: (ms: number) => Promise<void>;
}

/** The settings every Graph call uses; a request may override some (GraphRequest.retry). */
export const GRAPH_RETRY_DEFAULTS: Readonly<GraphRetrySettings> = Object.freeze({
	maxAttempts: 3,
	baseDelayMs: 2_000,
	maxDelayMs: 60_000,
	timeoutMs: 30_000,
	sleep: async (ms: number) => await sleep(ms),
});

/** Error codes Meta uses for throttling (rate limits). */
export const THROTTLING_CODES: readonly number[] = [4, 17, 32, 613, 80007, 80008];
/** Error codes Meta marks as transient: retrying the same call may work. */
export const TRANSIENT_CODES: readonly number[] = [1, 2];

function headerValue(
	headers: Record<string, unknown> | undefined,
	name: string,
): string | undefined {
	if (!headers) return undefined;
	const wanted = name.toLowerCase();
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() !== wanted) continue;
		if (Array.isArray(value)) return value.map(String).join(',');
		return value === undefined || value === null ? undefined : String(value);
	}
	return undefined;
}

/**
 * The longest `estimated_time_to_regain_access` (minutes) across the entries of an
 * `X-Business-Use-Case-Usage` header, or undefined when the header is absent or unreadable.
 */
export function regainAccessMinutes(
	headers: Record<string, unknown> | undefined,
): number | undefined {
	const raw = headerValue(headers, 'x-business-use-case-usage');
	if (!raw) return undefined;
	let usage: GraphBusinessUseCaseUsage;
	try {
		usage = JSON.parse(raw) as GraphBusinessUseCaseUsage;
	} catch {
		return undefined;
	}
	if (!usage || typeof usage !== 'object') return undefined;
	let longest: number | undefined;
	for (const entries of Object.values(usage)) {
		if (!Array.isArray(entries)) continue;
		for (const entry of entries) {
			const minutes = Number(entry?.estimated_time_to_regain_access);
			if (Number.isFinite(minutes) && minutes >= 0) longest = Math.max(longest ?? 0, minutes);
		}
	}
	return longest;
}

/** `Retry-After` in milliseconds (seconds or an HTTP date), or undefined. */
export function retryAfterMs(
	headers: Record<string, unknown> | undefined,
	now = Date.now(),
): number | undefined {
	const raw = headerValue(headers, 'retry-after');
	if (!raw) return undefined;
	const seconds = Number(raw);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(raw);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** How long Meta asked us to stay away, in ms, from the answer's headers. */
export function requestedWaitMs(headers: Record<string, unknown> | undefined): number | undefined {
	const minutes = regainAccessMinutes(headers);
	const fromUsage = minutes !== undefined && minutes > 0 ? minutes * 60_000 : undefined;
	const fromRetryAfter = retryAfterMs(headers);
	if (fromUsage === undefined) return fromRetryAfter;
	if (fromRetryAfter === undefined) return fromUsage;
	return Math.max(fromUsage, fromRetryAfter);
}

export type RetryDecision =
	{ retry: true; delayMs: number } | { retry: false; requestedWaitMs?: number };

/**
 * Whether to try again after failed attempt number `attempt` (1-based), and after how long:
 * exponential back-off, at least what Meta asked for, never longer than `maxDelayMs`.
 */
export function decideRetry(
	attempt: number,
	headers: Record<string, unknown> | undefined,
	settings: GraphRetrySettings,
): RetryDecision {
	const requested = requestedWaitMs(headers);
	if (attempt >= settings.maxAttempts) return { retry: false, requestedWaitMs: requested };
	if (requested !== undefined && requested > settings.maxDelayMs) {
		return { retry: false, requestedWaitMs: requested };
	}
	const backoff = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (attempt - 1));
	return { retry: true, delayMs: Math.min(settings.maxDelayMs, Math.max(backoff, requested ?? 0)) };
}
