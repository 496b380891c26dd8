import type { IWebhookFunctions } from 'n8n-workflow';

/**
 * How long a production delivery may reuse the credential its node read for an earlier one.
 *
 * Why reuse at all: n8n has no cheaper read than `getCredentials`, a database query plus a
 * decryption on every request, and at Meta's rates a node gets many deliveries a second, all
 * signed with the same app secret (README, "What n8n costs per delivery"). What it costs: after
 * the credential is edited, its previous app secret is still accepted for at most this long.
 * Nothing is ever refused because of a reuse: the trigger judges a refused delivery again with
 * a fresh read (see the trigger's webhook()). Test listening ("manual" mode), where the user may
 * be editing the credential between two test events, always reads afresh.
 */
export const CREDENTIAL_REUSE_MS = 1000;

/** Above this many remembered reads, stale ones are swept out when a new one is stored. */
const SWEEP_ABOVE = 64;

interface Reading {
	value: unknown;
	readAt: number;
}

/** One process's last reads, by workflow, node and credential (never shared across credentials). */
const readings = new Map<string, Reading>();

export interface CredentialRead<T> {
	value: T;
	/** True when the value came from an earlier read instead of n8n. */
	reused: boolean;
}

/** Whose read a reading is; undefined when it must not be reused (no credential id, not production). */
function readingKey(ctx: IWebhookFunctions, type: string): string | undefined {
	if (ctx.getMode() !== 'webhook') return undefined;
	const node = ctx.getNode();
	const credentialId = node.credentials?.[type]?.id;
	if (!credentialId) return undefined;
	// the workflow's published version decides the node's credential: a workflow edit that
	// picks another credential changes the key
	return JSON.stringify([ctx.getWorkflow().id ?? '', node.id ?? node.name, credentialId]);
}

function sweep(now: number) {
	if (readings.size <= SWEEP_ABOVE) return;
	for (const [key, reading] of readings) if (!fresh(reading, now)) readings.delete(key);
}

const fresh = (reading: Reading, now: number) =>
	now >= reading.readAt && now - reading.readAt < CREDENTIAL_REUSE_MS;

/**
 * The node's credential of `type`: the node's own read of under CREDENTIAL_REUSE_MS ago when
 * there is one (production only), else a read from n8n, remembered. `afresh` skips the reuse.
 */
export async function readWebhookCredential<T>(
	ctx: IWebhookFunctions,
	type: string,
	{ afresh = false } = {},
): Promise<CredentialRead<T>> {
	const key = readingKey(ctx, type);
	if (key && !afresh) {
		const reading = readings.get(key);
		if (reading && fresh(reading, Date.now())) return { value: reading.value as T, reused: true };
	}
	const value = (await ctx.getCredentials(type)) as T;
	if (key) {
		const now = Date.now();
		sweep(now);
		readings.set(key, { value, readAt: now });
	}
	return { value, reused: false };
}
