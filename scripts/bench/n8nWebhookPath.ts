/**
 * n8n's webhook path for one delivery, in this process, with the n8n that the end-to-end
 * setup installs into its cache: that n8n's own n8n-core (WebhookContext) and n8n-workflow
 * (Workflow), loaded by absolute path, around a trigger node's `webhook()`. Used for n8n's
 * built-in WhatsApp Trigger (from that n8n's n8n-nodes-base, loaded, not copied) and, the
 * same way, for this package's trigger. What n8n does before a node runs is reproduced the
 * way n8n does it: the raw bytes are kept and the JSON body is parsed by n8n, once.
 * What is left out is n8n's per-request work that is not about the node (routing, the
 * execution record, the database): part 2 of the benchmark measures that against a real n8n.
 */
import * as fs from 'fs';
import * as path from 'path';

import { signBody } from '../../nodes/shared/webhook/signature';
import { installN8n, type N8nInstall as SupervisedInstall } from '../lib/n8n/install';
import { useTemporaryUserFolder } from '../lib/n8nUserFolder';
import { WhatsAppBusinessAccountTrigger } from './shipped';
import { requireFrom } from '../lib/requireFrom';

/** Where the cached n8n and its Node 24 are. */
export type N8nInstall = Pick<SupervisedInstall, 'nodeHome' | 'n8nDir'>;

/**
 * The cached n8n (N8N_DIR and NODE24_HOME when both are set, else the supervisor's install,
 * made when missing). Returns a reason instead when it cannot.
 */
export function findN8n(): N8nInstall | { reason: string } {
	if (process.env.N8N_DIR && process.env.NODE24_HOME)
		return { n8nDir: process.env.N8N_DIR, nodeHome: process.env.NODE24_HOME };
	try {
		return installN8n();
	} catch (error) {
		const e = error as { stderr?: string; message: string };
		return {
			reason: `install-n8n.sh failed (no cached n8n and no network?): ${(e.stderr || e.message).trim().split('\n').slice(-3).join(' | ')}`,
		};
	}
}

// Loosely typed: these modules come from another install, not from this package's types.
type AnyNodeType = { description: any; webhook?: (this: any) => Promise<any> };

export interface WebhookRunner {
	/** Runs one POST delivery through n8n's body parsing and the node's webhook(); resolves to the number of items. */
	run(raw: Buffer, headers: Record<string, string>): Promise<number>;
}

const SECRET = 'bench-app-secret';
export const BENCH_APP_SECRET = SECRET;

export function signedHeaders(raw: Buffer): Record<string, string> {
	return { 'content-type': 'application/json', 'x-hub-signature-256': signBody(raw, SECRET) };
}

/** A response object with the express methods nodes call; discards what is written. */
function sinkResponse() {
	const res: Record<string, unknown> = { statusCode: 200, headersSent: false };
	const self = () => res;
	res.status = (code: number) => ((res.statusCode = code), res);
	res.type = self;
	res.setHeader = self;
	res.json = self;
	res.send = self;
	res.end = self;
	return res;
}

export function webhookRunners(n8nDir: string): {
	builtin: WebhookRunner;
	ours: WebhookRunner;
	versions: string;
} {
	useTemporaryUserFolder('waba-bench-');
	const modules = path.join(n8nDir, 'node_modules');
	// modules of another install: resolved from its node_modules, or by absolute path
	const core = requireFrom('n8n-core', modules);
	const workflowLib = requireFrom('n8n-workflow', modules);
	const base = path.join(modules, 'n8n-nodes-base');
	const { WhatsAppTrigger } = requireFrom(
		path.join(base, 'dist', 'nodes', 'WhatsApp', 'WhatsAppTrigger.node.js'),
	);
	const versions = ['n8n', 'n8n-core', 'n8n-nodes-base']
		.map(
			(p) =>
				`${p}@${JSON.parse(fs.readFileSync(path.join(modules, p, 'package.json'), 'utf8')).version}`,
		)
		.join(', ');

	const runner = (
		nodeType: AnyNodeType,
		type: string,
		parameters: Record<string, unknown>,
		credentialType: string,
		credential: Record<string, string>,
	): WebhookRunner => {
		const node = {
			id: '0f6a3c2e-7b1d-4c5e-9a8f-112233445566',
			name: 'Trigger',
			type,
			typeVersion: 1,
			position: [0, 0],
			webhookId: 'bench-webhook',
			parameters,
			credentials: { [credentialType]: { id: 'cred', name: 'Credential' } },
		};
		const nodeTypes = {
			getByName: () => nodeType,
			getByNameAndVersion: () => nodeType,
			getKnownTypes: () => ({}),
		};
		const workflow = new workflowLib.Workflow({
			id: 'bench',
			name: 'bench',
			nodes: [node],
			connections: {},
			active: true,
			nodeTypes,
			staticData: {},
			settings: {},
		});
		const wfNode = workflow.getNode('Trigger');
		const description = nodeType.description.webhooks.find(
			(w: { httpMethod: string }) => w.httpMethod === 'POST',
		);
		const credentialsHelper = {
			getDecrypted: async () => ({ ...credential }),
			authenticate: async (_v: unknown, _t: string, o: unknown) => o,
			getParentTypes: () => [],
			isCredentialUsableByNode: () => true,
			preAuthentication: async () => undefined,
			updateCredentials: async () => {},
			updateCredentialsOauthTokenData: async () => {},
			getCredentialsProperties: () => [],
		};
		const baseData = {
			credentialsHelper,
			webhookBaseUrl: 'http://127.0.0.1/webhook',
			webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
			webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
			formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
			restApiUrl: 'http://127.0.0.1/rest',
			instanceBaseUrl: 'http://127.0.0.1/',
			variables: {},
		};
		return {
			async run(raw, headers) {
				// n8n's body parser: raw bytes kept, JSON parsed (utf-8) before the node runs.
				const body = raw.length ? JSON.parse(raw.toString('utf8')) : {};
				const request = {
					method: 'POST',
					headers,
					rawBody: raw,
					body,
					query: {},
					params: {},
					contentType: 'application/json',
				};
				const additionalData = { ...baseData, httpRequest: request, httpResponse: sinkResponse() };
				const webhookData = {
					httpMethod: 'POST',
					node: 'Trigger',
					path: `bench-webhook/${description.path}`,
					webhookDescription: description,
					workflowId: 'bench',
					workflowExecuteAdditionalData: additionalData,
					webhookId: 'bench-webhook',
				};
				const context = new core.WebhookContext(
					workflow,
					wfNode,
					additionalData,
					'webhook',
					webhookData,
					[],
					null,
				);
				const result = await nodeType.webhook!.call(context);
				return (result?.workflowData ?? []).reduce(
					(n: number, output: unknown[]) => n + output.length,
					0,
				);
			},
		};
	};

	return {
		versions,
		// The built-in node with every update it offers and status updates "all" (its default).
		builtin: runner(
			new WhatsAppTrigger(),
			'n8n-nodes-base.whatsAppTrigger',
			{ updates: ['messages'], options: { messageStatusUpdates: ['all'] } },
			'whatsAppTriggerApi',
			{ clientId: 'bench-app', clientSecret: SECRET },
		),
		ours: runner(
			new WhatsAppBusinessAccountTrigger(),
			'n8n-nodes-whatsapp-business-account.whatsAppBusinessAccountTrigger',
			{},
			'whatsAppBusinessAccountWebhookApi',
			{
				appId: 'bench-app',
				appSecret: SECRET,
				verifyToken: 'bench-verify',
			},
		),
	};
}
