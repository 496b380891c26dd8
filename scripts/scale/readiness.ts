/**
 * The load balancer's readiness checks in front of the webhook processors (docs/scale.md): a
 * starting n8n process listens before it is ready and, until its database is migrated, answers
 * every request, a production webhook POST included, with `200 n8n is starting up. Please wait`
 * (n8n 2.41.1, `abstract-server.js`); Meta takes that 200 as final and the delivery is lost. Its
 * `/healthz/readiness` answers 503 until it is fully ready, so a balancer that routes only to
 * processors whose readiness check answers 200 never gives a starting processor a delivery.
 * Each processor is checked every `intervalMs`; a refused or failed check marks it not ready.
 */
export class ReadinessGate {
	private readonly ready = new Map<string, boolean>();
	private timer?: NodeJS.Timeout;
	private stopped = false;

	/** `targets`: each URL requests are sent to, with the base URL of its n8n process. */
	constructor(
		private readonly targets: Array<{ url: string; baseUrl: string }>,
		private readonly intervalMs = 250,
	) {}

	async start(): Promise<void> {
		await this.checkAll();
		const loop = async () => {
			if (this.stopped) return;
			await this.checkAll();
			if (!this.stopped) this.timer = setTimeout(() => void loop(), this.intervalMs);
		};
		this.timer = setTimeout(() => void loop(), this.intervalMs);
	}

	isReady = (url: string): boolean => this.ready.get(url) === true;

	stop(): void {
		this.stopped = true;
		clearTimeout(this.timer);
	}

	private async checkAll(): Promise<void> {
		await Promise.all(
			this.targets.map(async ({ url, baseUrl }) => {
				try {
					const answer = await fetch(`${baseUrl}/healthz/readiness`, {
						signal: AbortSignal.timeout(2000),
					});
					await answer.arrayBuffer();
					this.ready.set(url, answer.status === 200);
				} catch {
					this.ready.set(url, false);
				}
			}),
		);
	}
}
