/**
 * A throw-away real n8n for the reliability run, through scripts/lib/n8n/ (install.ts,
 * instance.ts): this package built once, packed and npm-installed into its
 * user folder, as users install it; n8n started on loopback; the webhook credential and one
 * active workflow with the trigger; executions read back. Always stopped by the caller (stop()
 * ends the whole process group).
 */
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { parseFlatted } from '../lib/flatted';
import { installN8n, installPackage } from '../lib/n8n/install';
import { N8n } from '../lib/n8n/instance';
import { triggerWorkflow } from '../lib/n8n/workflows';
import { groupCpuSeconds } from '../lib/processCpu';
import { sleep } from '../lib/sleep';

export const TRIGGER_NODE_NAME = 'WhatsApp Business Account Trigger';

export interface WebhookSecrets {
	appId: string;
	appSecret: string;
	verifyToken: string;
}

export interface RealTrigger {
	workflowId: string;
	url: string;
}

export class RealN8n {
	private constructor(
		readonly n8n: N8n,
		readonly userFolder: string,
	) {}

	get logFile(): string {
		return this.n8n.logFile;
	}

	static async start(env: Record<string, string> = {}): Promise<RealN8n> {
		const { nodeHome, n8nDir } = installN8n();
		const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'waba-reliability-n8n-'));
		installPackage(userFolder, { nodeHome, outDir: path.join(userFolder, 'pack') });
		const n8n = new N8n({
			nodeHome,
			n8nDir,
			userFolder,
			logFile: path.join(userFolder, 'n8n.log'),
			env: {
				N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
				N8N_RUNNERS_ENABLED: 'true',
				...env,
			},
		});
		const host = new RealN8n(n8n, userFolder);
		try {
			await n8n.start({ timeoutMs: 240_000 });
			await n8n.setupOwner();
			await n8n.createApiKey();
		} catch (error) {
			await host.stop();
			throw error;
		}
		return host;
	}

	/** Creates the credential and one active workflow: the trigger alone, default options. */
	async trigger(
		name: string,
		secrets: WebhookSecrets,
		parameters: Record<string, unknown> = {},
	): Promise<RealTrigger> {
		const credential = await this.n8n.createCredential(
			`${name} webhook`,
			'whatsAppBusinessAccountWebhookApi',
			{
				appId: secrets.appId,
				appSecret: secrets.appSecret,
				verifyToken: secrets.verifyToken,
				baseUrl: 'https://graph.facebook.com',
			},
		);
		const webhookId = randomUUID();
		const workflow = await this.n8n.importWorkflow(
			triggerWorkflow({
				name,
				credential,
				parameters,
				webhookId,
				nodeName: TRIGGER_NODE_NAME,
				typeVersion: 1,
			}),
		);
		const url = `${this.n8n.baseUrl}/webhook/${webhookId}/webhook`;
		// n8n publishes through an outbox: the webhook is registered a moment after the call.
		const deadline = Date.now() + 60_000;
		for (;;) {
			const answer = await fetch(
				`${url}?hub.mode=subscribe&hub.challenge=ready&hub.verify_token=${encodeURIComponent(secrets.verifyToken)}`,
			);
			await answer.text();
			if (answer.status !== 404) break;
			if (Date.now() > deadline)
				throw new Error(`the webhook of workflow ${workflow.id} was not registered within 60 s`);
			await sleep(250);
		}
		return { workflowId: workflow.id, url };
	}

	/**
	 * Executions of a workflow, with their data (every page). n8n's public API answers 500 for
	 * a whole page when one execution's data cannot be serialised again (a value nested
	 * 10,000 deep: it was stored, and n8n's own REST API still serves it); such a page is
	 * read one execution at a time instead.
	 */
	async executions(workflowId: string): Promise<any[]> {
		try {
			return await this.n8n.executions(workflowId);
		} catch (error) {
			if (!/ -> 500:/.test(String((error as Error).message))) throw error;
		}
		const out: any[] = [];
		for (const summary of await this.summaries(workflowId))
			out.push(await this.execution(String(summary.id)));
		return out;
	}

	/** One execution with its data: from the public API, else from n8n's REST API (flatted). */
	async execution(id: string): Promise<any> {
		const answer = await fetch(
			`${this.n8n.baseUrl}/api/v1/executions/${encodeURIComponent(id)}?includeData=true`,
			{
				headers: { 'X-N8N-API-KEY': String(this.n8n.apiKey), accept: 'application/json' },
			},
		);
		const text = await answer.text();
		if (answer.ok) return JSON.parse(text);
		const stored = await this.n8n.rest('GET', `/executions/${encodeURIComponent(id)}`);
		return {
			...stored,
			data: typeof stored.data === 'string' ? parseFlatted(stored.data) : stored.data,
			readFrom: 'rest',
		};
	}

	/** Every execution of a workflow without its data (id, status, finished, times): cheap. */
	async summaries(
		workflowId: string,
	): Promise<Array<{ id: string; status: string; finished: boolean }>> {
		const out: Array<{ id: string; status: string; finished: boolean }> = [];
		let cursor: string | undefined;
		do {
			const q = new URLSearchParams({ workflowId, limit: '250' });
			if (cursor) q.set('cursor', cursor);
			const page = await this.n8n.api('GET', `/executions?${q}`);
			out.push(...page.data);
			cursor = page.nextCursor;
		} while (cursor);
		return out;
	}

	/** How many executions a workflow has. */
	async executionCount(workflowId: string): Promise<number> {
		return (await this.summaries(workflowId)).length;
	}

	async healthy(): Promise<boolean> {
		try {
			return (await fetch(`${this.n8n.baseUrl}/healthz`)).ok;
		} catch {
			return false;
		}
	}

	/** CPU seconds used so far by n8n's process group (n8n and its task runner), from /proc. */
	cpuSeconds(): number {
		return groupCpuSeconds(this.n8n.child?.pid);
	}

	/** n8n's peak resident memory (main process), MiB. */
	peakRssMiB(): number {
		try {
			const status = fs.readFileSync(`/proc/${this.n8n.child?.pid}/status`, 'utf8');
			return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
		} catch {
			return NaN;
		}
	}

	log(): string {
		try {
			return fs.readFileSync(this.n8n.logFile, 'utf8');
		} catch {
			return '';
		}
	}

	async stop(): Promise<void> {
		await this.n8n.stop();
	}

	removeFolder() {
		fs.rmSync(this.userFolder, { recursive: true, force: true });
	}
}
