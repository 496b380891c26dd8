/**
 * Registration in queue mode (README, "Running at scale"): a second workflow whose trigger
 * registers itself with Meta (App Subscription), its webhook credential's Graph Base URL at
 * the project's stateful Graph stub, which verifies the callback as Meta does (a GET to the
 * callback URL, the challenge expected back). Every Graph call is attributed to the n8n
 * process that made it (the process holding the calling connection, from /proc), for the
 * whole run: publishing on the main must subscribe exactly once, Meta's verification must
 * reach a webhook processor and succeed although the processors answer 404 for a moment
 * after publishing, no webhook processor or worker may call Graph (restarted or started
 * included), and unpublishing must remove the subscription exactly once.
 */
import { randomBytes, randomUUID } from 'crypto';

import type { RecordedRequest } from '../lib/metaGraphState';
import { MetaGraphStub } from '../lib/metaGraphStub';
import { groupHoldingConnection } from '../lib/processCpu';
import type { Member, N8nProcess } from './n8nProcesses';
import { sleep } from '../lib/sleep';

export interface RegistrationSecrets {
	appId: string;
	appSecret: string;
	verifyToken: string;
}

interface Window {
	name: string;
	from: number;
	to?: number;
}

/** A Graph call and the cluster member that made it ('?' when no member held the connection). */
interface AttributedCall {
	request: RecordedRequest;
	at: number;
	by: string;
}

export class QueueRegistrationCheck {
	private readonly windows: Window[] = [];
	private readonly problems: string[] = [];
	private workflowId?: string;
	private callbackUrl?: string;
	private publishedAt = 0;
	private notServedMs = 0;

	private constructor(
		readonly graph: MetaGraphStub,
		private readonly secrets: RegistrationSecrets,
		private readonly calls: AttributedCall[],
	) {}

	/** Starts the Graph stub; `members()` are the cluster's processes at the time of a call. */
	static async start(
		secrets: RegistrationSecrets,
		members: () => Member[],
	): Promise<QueueRegistrationCheck> {
		const calls: AttributedCall[] = [];
		const graph = await MetaGraphStub.start({
			onRequest: (request) => {
				const groups = new Map(
					members().flatMap((m) =>
						m.n8n.child?.pid && !m.n8n.exitInfo ? [[m.n8n.child.pid, m.name] as const] : [],
					),
				);
				const group = request.remotePort
					? groupHoldingConnection(request.remotePort, [...groups.keys()])
					: undefined;
				calls.push({
					request,
					at: Date.now(),
					by: (group !== undefined ? groups.get(group) : undefined) ?? '?',
				});
			},
		});
		graph.addApp({ id: secrets.appId, secret: secrets.appSecret, name: 'Scale' });
		return new QueueRegistrationCheck(graph, secrets, calls);
	}

	/** Marks a stretch of the run, so that Graph calls in it can be told apart in the summary. */
	async during<T>(name: string, work: () => Promise<T>): Promise<T> {
		const window: Window = { name, from: Date.now() };
		this.windows.push(window);
		try {
			return await work();
		} finally {
			window.to = Date.now();
		}
	}

	/**
	 * Imports the workflow on the main, publishes it, and waits until the stub holds the
	 * subscription; meanwhile polls the callback URL (as the trigger does) to measure how long
	 * the webhook processor answered 404 after the publish call.
	 */
	async publish(n8n: N8nProcess, webhookProcessorUrl: string, triggerType: string): Promise<void> {
		const credential = await n8n.createCredential(
			'Scale registration webhook',
			'whatsAppBusinessAccountWebhookApi',
			{ ...this.secrets, baseUrl: this.graph.url },
		);
		const webhookId = randomUUID();
		const workflow = await n8n.importWorkflow(
			{
				name: 'Scale: registration (App Subscription)',
				nodes: [
					{
						id: randomUUID(),
						name: 'WhatsApp Business Account Trigger',
						type: triggerType,
						typeVersion: 1.1,
						position: [0, 0],
						webhookId,
						parameters: { registration: 'appSubscription', fields: ['messages'] },
						credentials: {
							whatsAppBusinessAccountWebhookApi: { id: credential.id, name: credential.name },
						},
					},
				],
				connections: {},
				settings: { executionOrder: 'v1' },
			},
			{ activate: false },
		);
		this.workflowId = workflow.id;
		this.callbackUrl = `${webhookProcessorUrl}/webhook/${webhookId}/webhook`;
		await this.during('publish', async () => {
			this.publishedAt = Date.now();
			const served = this.pollUntilServed(this.callbackUrl!);
			await n8n.publish(workflow.id);
			this.notServedMs = await served;
			await this.waitForSubscription(
				(s) => s?.callback_url === this.callbackUrl,
				'the subscription of the callback URL after publishing',
			);
		});
	}

	/** Unpublishes (deactivates) the workflow and waits until the subscription is gone. */
	async unpublish(n8n: N8nProcess): Promise<void> {
		await this.during('unpublish', async () => {
			await n8n.api('POST', `/workflows/${this.workflowId}/deactivate`, {}, { expect: [200] });
			await this.waitForSubscription((s) => s === undefined, 'no subscription after unpublishing');
		});
	}

	private async waitForSubscription(
		ok: (s: ReturnType<MetaGraphStub['appSubscription']>) => boolean,
		what: string,
	): Promise<void> {
		const deadline = Date.now() + 30_000;
		while (!ok(this.graph.appSubscription(this.secrets.appId))) {
			if (Date.now() > deadline) {
				this.problems.push(
					`no ${what} within 30 s (stub holds ${JSON.stringify(this.graph.appSubscription(this.secrets.appId))})`,
				);
				return;
			}
			await sleep(50);
		}
	}

	/** Milliseconds until the URL stopped answering 404 (the trigger's 403 for a wrong token proves it served). */
	private async pollUntilServed(url: string): Promise<number> {
		const started = Date.now();
		const probe = `${url}?hub.mode=subscribe&hub.challenge=probe&hub.verify_token=probe-${randomBytes(8).toString('hex')}`;
		while (Date.now() - started < 30_000) {
			try {
				if ((await fetch(probe)).status !== 404) return Date.now() - started;
			} catch {
				/* restarting */
			}
			await sleep(20);
		}
		return Date.now() - started;
	}

	/** The summary line and whether everything held. */
	verdict(): { ok: boolean; line: string; details: string[] } {
		const problems = [...this.problems];
		const inWindow = (name: string) => {
			const w = this.windows.find((x) => x.name === name);
			return this.calls.filter((c) => w && c.at >= w.from && c.at <= (w.to ?? Infinity));
		};
		const writes = (calls: AttributedCall[], method: string) =>
			calls.filter(
				(c) =>
					c.request.method === method && c.request.path === `/${this.secrets.appId}/subscriptions`,
			);
		const published = inWindow('publish');
		const unpublished = inWindow('unpublish');
		const subscribes = writes(published, 'POST');
		const deletes = writes(unpublished, 'DELETE');
		const fromOthers = this.calls.filter((c) => c.by !== 'main');
		const outside = this.calls.filter((c) => !published.includes(c) && !unpublished.includes(c));
		const verifications = this.graph.verifications;
		if (subscribes.length !== 1 || writes(this.calls, 'POST').length !== 1)
			problems.push(
				`${writes(this.calls, 'POST').length} subscription writes (POST), ${subscribes.length} of them on publishing; expected exactly 1`,
			);
		if (deletes.length !== 1 || writes(this.calls, 'DELETE').length !== 1)
			problems.push(
				`${writes(this.calls, 'DELETE').length} subscription deletes, ${deletes.length} of them on unpublishing; expected exactly 1`,
			);
		if (fromOthers.length)
			problems.push(
				`Graph calls not made by the main: ${fromOthers.map((c) => `${c.by} ${c.request.method} ${c.request.path}`).join('; ')}`,
			);
		if (outside.length)
			problems.push(
				`Graph calls outside publishing and unpublishing: ${outside.map((c) => `${c.by} ${c.request.method} ${c.request.path}`).join('; ')}`,
			);
		const verified = verifications.filter((v) => v.url === this.callbackUrl);
		if (verified.length !== 1 || !verified[0].ok)
			problems.push(
				`Meta's verifications of the callback: ${JSON.stringify(verifications)}; expected one that succeeded`,
			);
		const windows = this.windows.map(
			(w) =>
				`${w.name}: ${this.calls.filter((c) => c.at >= w.from && c.at <= (w.to ?? Infinity)).length} Graph calls`,
		);
		const details = [
			`registration: every Graph call by process: ${[...count(this.calls.map((c) => c.by))].map(([by, n]) => `${by} ${n}`).join(', ') || 'none'} (${this.calls.map((c) => `${c.request.method} ${c.request.path}`).join(', ')})`,
			`registration: the callback URL answered 404 for ${this.notServedMs} ms after the publish call; the subscription call came ${subscribes.length ? `${subscribes[0].at - this.publishedAt} ms` : 'never'} after it; Meta's verification ${verified.map((v) => `got HTTP ${v.status}${v.ok ? ' with the challenge' : ` (${v.error})`}`).join(', ') || 'never came'} (${windows.join('; ')})`,
		];
		const ok = problems.length === 0;
		const line = ok
			? `queue_registration=ok (${subscribes.length} subscribe on publish, ${fromOthers.length} from webhook processors/workers, ${deletes.length} delete on unpublish)`
			: `queue_registration=FAILED (${problems.join('; ')})`;
		return { ok, line, details };
	}

	async close(): Promise<void> {
		await this.graph.close();
	}
}

function count(values: string[]): Map<string, number> {
	const counts = new Map<string, number>();
	for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
	return counts;
}
