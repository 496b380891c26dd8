/**
 * n8n in queue mode as a thin use of scripts/lib/n8n/ (install.ts, instance.ts): the
 * package built once, packed and npm-installed as users install it, then a main, webhook
 * processors and workers (n8n's own commands), each with its own user folder holding the
 * same installed package, all with one encryption key, one Postgres and one Redis.
 */
import * as fs from 'fs';
import * as path from 'path';

import { installN8n, installPackage } from '../lib/n8n/install';
import { N8n, type N8nCommand } from '../lib/n8n/instance';
import { groupCpuSeconds } from '../lib/processCpu';

export type N8nProcess = N8n;

export interface ClusterOptions {
	folder: string;
	env: Record<string, string>;
	webhookProcessors: number;
	workers: number;
	workerConcurrency: number;
	/**
	 * The first webhook processor's port: every process gives out its URL as the production
	 * webhook address (WEBHOOK_URL), the one a trigger registers with Meta, as a load
	 * balancer's address in front of the webhook processors would be.
	 */
	publicWebhookPort: number;
}

/** One n8n process and the CPU it has used over all its lives (restarts included). */
export class Member {
	private cpuBefore = 0;
	constructor(
		readonly name: string,
		readonly n8n: N8nProcess,
	) {}

	cpuSeconds(): number {
		return this.cpuBefore + (this.n8n.exitInfo ? 0 : groupCpuSeconds(this.n8n.child?.pid) || 0);
	}

	private keepCpu() {
		this.cpuBefore += groupCpuSeconds(this.n8n.child?.pid) || 0;
	}

	async start(): Promise<void> {
		await this.n8n.start({ timeoutMs: 300_000 });
	}

	async kill(): Promise<void> {
		this.keepCpu();
		await this.n8n.kill('SIGKILL');
	}

	async stop(): Promise<void> {
		this.keepCpu();
		await this.n8n.stop();
	}
}

export class QueueCluster {
	readonly main: Member;
	readonly webhooks: Member[];
	readonly workers: Member[];

	private constructor(main: Member, webhooks: Member[], workers: Member[]) {
		this.main = main;
		this.webhooks = webhooks;
		this.workers = workers;
	}

	/** Installs n8n (cached) and the package, and prepares (does not start) every process. */
	static prepare(o: ClusterOptions): QueueCluster {
		const { nodeHome, n8nDir, n8nVersion } = installN8n();
		const shared = path.join(o.folder, 'package');
		installPackage(shared, { nodeHome, outDir: path.join(o.folder, 'pack') });
		const webhookUrl = `http://127.0.0.1:${o.publicWebhookPort}/`;
		const make = (name: string, command: N8nCommand, args: string[] = []) => {
			const userFolder = path.join(o.folder, name);
			// the same installed package in every process's own .n8n/nodes
			fs.cpSync(path.join(shared, '.n8n'), path.join(userFolder, '.n8n'), {
				recursive: true,
				verbatimSymlinks: true,
			});
			const env = {
				...o.env,
				WEBHOOK_URL: webhookUrl,
				...(command === 'start' ? { N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true' } : {}),
			};
			return new Member(
				name,
				new N8n({
					nodeHome,
					n8nDir,
					n8nVersion,
					userFolder,
					logFile: path.join(o.folder, `${name}.log`),
					env,
					command,
					args,
				}),
			);
		};
		const webhooks = Array.from({ length: o.webhookProcessors }, (_, i) =>
			make(`webhook-${i + 1}`, 'webhook'),
		);
		webhooks[0].n8n.port = o.publicWebhookPort;
		return new QueueCluster(
			make('main', 'start'),
			webhooks,
			Array.from({ length: o.workers }, (_, i) =>
				make(`worker-${i + 1}`, 'worker', [`--concurrency=${o.workerConcurrency}`]),
			),
		);
	}

	get all(): Member[] {
		return [this.main, ...this.webhooks, ...this.workers];
	}

	async stopAll(): Promise<void> {
		await Promise.all(this.all.map((m) => m.stop().catch(() => undefined)));
	}
}
