import { sleep } from '../../lib/sleep';

/**
 * Waits until a published trigger answers Meta's handshake at `url` (n8n publishes a workflow
 * asynchronously: its production webhook answers 404 briefly), and returns the last status.
 */
export async function waitForHandshake(
	url: string,
	verifyToken: string,
	timeoutMs = 30_000,
): Promise<number> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const status = (
			await fetch(
				`${url}?hub.mode=subscribe&hub.verify_token=${encodeURIComponent(verifyToken)}&hub.challenge=ready`,
			)
		).status;
		if (status !== 404 || Date.now() >= deadline) return status;
		await sleep(300);
	}
}
