import { randomBytes } from 'crypto';
import { sleep, type IHookFunctions, type NodeApiError } from 'n8n-workflow';

/**
 * n8n's webhook processors may answer 404 for a moment after a workflow is published: before a
 * call that makes Meta verify the callback URL, the URL is polled until it answers, and a failed
 * verification (Meta's code 2200) is retried a few times.
 */
export const READINESS = {
	timeoutMs: 15_000,
	intervalMs: 250,
	verificationAttempts: 4,
	verificationDelayMs: 1_000,
};

/**
 * Waits until this workflow's URL is served (n8n answers 404 until its webhook processors
 * know the published workflow). The probe carries a random token, never the verify token: the
 * trigger's 403 for it proves the URL is live. Gives up quietly when the URL cannot be reached
 * from here at all (a public URL behind NAT, say): Meta's verification then decides.
 */
async function waitUntilServed(ctx: IHookFunctions, url: string): Promise<void> {
	const probe = new URL(url);
	probe.searchParams.set('hub.mode', 'subscribe');
	probe.searchParams.set('hub.verify_token', `probe-${randomBytes(12).toString('hex')}`);
	probe.searchParams.set('hub.challenge', 'probe');
	const deadline = Date.now() + READINESS.timeoutMs;
	for (;;) {
		let status: number;
		try {
			const answer = (await ctx.helpers.httpRequest({
				method: 'GET',
				url: probe.toString(),
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: 5_000,
				json: false,
			})) as { statusCode: number };
			status = answer.statusCode;
		} catch {
			return;
		}
		if (status !== 404 && status !== 502 && status !== 503) return;
		if (Date.now() >= deadline) return;
		await sleep(READINESS.intervalMs);
	}
}

/** A write that makes Meta verify `url`: after the URL is served, retried while verification fails. */
export async function withVerifiedCallback<T>(
	ctx: IHookFunctions,
	url: string,
	write: () => Promise<T>,
): Promise<T> {
	await waitUntilServed(ctx, url);
	for (let attempt = 1; ; attempt++) {
		try {
			return await write();
		} catch (error) {
			// graphApiRequest fails with NodeApiErrors that carry Meta's code
			const failure = error as NodeApiError;
			if (failure.context?.graphErrorCode !== 2200 || attempt >= READINESS.verificationAttempts)
				throw failure;
			await sleep(READINESS.verificationDelayMs * attempt);
		}
	}
}
