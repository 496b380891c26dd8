// The example workflows of examples/*.json, imported into the real n8n of the e2e run as users
// import them, with their credentials pointed at loopback stand-ins, and run:
//  - the three trigger examples receive signed deliveries from fixtures/ on their production
//    URLs; what they produce (items, de-duplication across executions, the chat or alert
//    posts) is checked;
//  - "subscribe the app and verify the override" runs once through `n8n execute`, against the
//    stateful Graph stand-in (scripts/lib/metaGraphStub.ts), which keeps the subscriptions'
//    state and, as Meta does, verifies the override callback URL (GET with hub.challenge and
//    the verify token) before accepting it: here the URL is the inbound-messages example's
//    trigger, so n8n answers the challenge.
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';

import { MetaGraphStub } from '../../lib/metaGraphStub';
import { postSigned } from '../../lib/metaSender';
import type { Answer, Credential, Execution, WorkflowDefinition } from '../../lib/n8n/client';
import type { N8n } from '../../lib/n8n/instance';
import { nodeOutput, TRIGGER_TYPE } from '../../lib/n8n/workflows';
import { sleep } from '../../lib/sleep';
import type { Check } from '../lib/checks';
import { fromRoot } from '../../lib/repoRoot';

const EXAMPLES = fromRoot('examples');
const fixture = (rel: string) => fs.readFileSync(fromRoot('fixtures', rel));

/** Records every POST it receives (JSON bodies): a chat's or alerting tool's incoming webhook. */
async function startSink(): Promise<{
	url: string;
	posts: Array<{ path?: string; body: Answer }>;
	close(): Promise<void>;
}> {
	const posts: Array<{ path?: string; body: Answer }> = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			let body: Answer;
			try {
				body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
			} catch {
				body = Buffer.concat(chunks).toString('utf8');
			}
			posts.push({ path: req.url, body });
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end('{"ok":true}');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		posts,
		close: () => new Promise<void>((r) => server.close(() => r())),
	};
}

/** An example as a user imports it, with credentials chosen and URLs replaced, fresh webhook ids. */
export function loadExample(
	file: string,
	{
		credentials,
		replace = {},
	}: { credentials: Record<string, Credential>; replace?: Record<string, string> },
): WorkflowDefinition & { nodes: Answer[] } {
	let text = fs.readFileSync(path.join(EXAMPLES, file), 'utf8');
	for (const [from, to] of Object.entries(replace)) text = text.split(from).join(to);
	const workflow = JSON.parse(text);
	for (const node of workflow.nodes) {
		if (node.webhookId) node.webhookId = crypto.randomUUID();
		for (const type of Object.keys(node.credentials ?? {}))
			node.credentials[type] = credentials[type];
	}
	return workflow;
}

const productionUrl = (n8n: N8n, workflow: { nodes: Answer[] }) => {
	const trigger = workflow.nodes.find((n) => n.type === TRIGGER_TYPE);
	return `${n8n.baseUrl}/webhook/${trigger.webhookId}/webhook`;
};

async function waitForWebhook(url: string, verifyToken: string): Promise<number> {
	for (let i = 0; i < 100; i++) {
		const res = await fetch(
			`${url}?hub.mode=subscribe&hub.verify_token=${encodeURIComponent(verifyToken)}&hub.challenge=ready`,
		);
		if (res.status !== 404) return res.status;
		await sleep(300);
	}
	return 404;
}

/**
 * Posts a signed delivery and waits until the workflow has `executions` finished executions
 * (deliveries are sent one after another, so that de-duplication sees the earlier ones).
 */
async function deliver(
	n8n: N8n,
	{
		workflowId,
		url,
		body,
		secret,
		executions,
	}: { workflowId: string; url: string; body: Buffer | string; secret: string; executions: number },
) {
	const res = await postSigned(url, body, secret);
	const answer = await res.text();
	const done = await n8n.waitForExecutions(workflowId, executions, {
		timeoutMs: 60_000,
		settleMs: 800,
	});
	return {
		status: res.status,
		answer,
		executions: done.sort((a, b) => Number(a.id) - Number(b.id)),
	};
}

/** The execution `n8n execute --rawOutput` printed, if any. */
export function printedRun(stdout: string): Execution | undefined {
	try {
		return JSON.parse(stdout.slice(stdout.indexOf('{')));
	} catch {
		return undefined;
	}
}

export async function exampleChecks(
	n8n: N8n,
	{
		check,
		secret,
		verifyToken,
		appId,
		accessToken,
		graphVersion,
	}: {
		check: Check;
		secret: string;
		verifyToken: string;
		appId: string;
		accessToken: string;
		graphVersion: string;
	},
): Promise<void> {
	console.log('\n== Example workflows (examples/*.json), imported and run');
	const WABA_ID = '102290129340398';
	const sink = await startSink();
	const graph = await MetaGraphStub.start();
	try {
		graph.addApp({ id: appId, secret, name: 'Jasper Orders' });
		graph.addSystemUserToken(appId, accessToken);
		graph.addWaba(WABA_ID);
		const webhookCredential = await n8n.createCredential(
			'Examples webhook',
			'whatsAppBusinessAccountWebhookApi',
			{ appId, appSecret: secret, verifyToken, baseUrl: graph.url },
		);
		const apiCredential = await n8n.createCredential(
			'Examples Graph',
			'whatsAppBusinessAccountApi',
			{ accessToken, appSecret: secret, apiVersion: graphVersion, baseUrl: graph.url },
		);
		const credentials = {
			whatsAppBusinessAccountWebhookApi: { id: webhookCredential.id, name: webhookCredential.name },
			whatsAppBusinessAccountApi: { id: apiCredential.id, name: apiCredential.name },
		};
		const files = fs
			.readdirSync(EXAMPLES)
			.filter((f) => f.endsWith('.json'))
			.sort();
		check(
			'examples: the four example workflows are in examples/',
			[
				'account-health-alerts.json',
				'reply-ready-inbound-messages.json',
				'subscribe-app-and-verify-override.json',
				'template-status-to-chat.json',
			].every((f) => files.includes(f)),
			files.join(', '),
		);

		// 1. Reply-ready inbound messages, each once.
		const inbound = loadExample('reply-ready-inbound-messages.json', { credentials });
		const inboundCreated = await n8n.importWorkflow(inbound);
		const inboundUrl = productionUrl(n8n, inbound);
		check(
			'examples: inbound messages workflow imported and published',
			(await waitForWebhook(inboundUrl, verifyToken)) === 200,
			inboundUrl,
		);
		const batch = fixture('batches/messages-and-statuses.json');
		const messagesIn: Answer[] = (JSON.parse(batch.toString('utf8')) as Answer).entry
			.flatMap((e: Answer) => e.changes)
			.flatMap((c: Answer) => c.value.messages ?? []);
		const send = (body: Buffer | string, executions: number) =>
			deliver(n8n, { workflowId: inboundCreated.id, url: inboundUrl, body, secret, executions });
		const first = await send(batch, 1);
		const ready: Answer[] = nodeOutput(first.executions[0], 'Reply-Ready Message') ?? [];
		check(
			'examples: inbound messages: one reply-ready item per message (statuses left out), with sender (+ and the wa_id), text and the message to reply to',
			first.status === 200 &&
				ready.length === messagesIn.length &&
				ready.every(
					(r: Answer, i: number) =>
						r.to === `+${messagesIn[i].from}` && r.replyTo === messagesIn[i].id && r.phoneNumberId,
				),
			`${ready.length} items for ${messagesIn.length} messages: ${JSON.stringify(ready[0] ?? {}).slice(0, 200)}`,
		);
		const again = await send(batch, 2);
		const second = again.executions[1];
		check(
			"examples: inbound messages: Meta's redelivery of the same messages is dropped by Remove Duplicates",
			again.status === 200 &&
				second?.status === 'success' &&
				(nodeOutput(second, 'Remove Duplicates') ?? []).length === 0 &&
				nodeOutput(second, 'Reply-Ready Message') === undefined,
			`second execution: ${second?.status}, Remove Duplicates kept ${(nodeOutput(second, 'Remove Duplicates') ?? []).length}`,
		);
		// the same message in a delivery of its own (Meta's text example has the batch's first wamid)
		const text = JSON.parse(fixture('webhooks/messages/text.json').toString('utf8')) as Answer;
		const sameMessage = text.entry[0].changes[0].value.messages[0];
		const third = await send(JSON.stringify(text), 3);
		check(
			'examples: inbound messages: the same message in another delivery is dropped too (same de-duplication key)',
			messagesIn.some((m) => m.id === sameMessage.id) &&
				nodeOutput(third.executions[2], 'Reply-Ready Message') === undefined,
			`${sameMessage.id}: ${JSON.stringify(nodeOutput(third.executions[2], 'Reply-Ready Message') ?? 'dropped')}`,
		);
		const newMessage = {
			...sameMessage,
			id: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBRFMkVFeGFtcGxlTmV3TWVzc2FnZQA=',
			text: { body: 'Is it in stock in blue?' },
		};
		text.entry[0].changes[0].value.messages = [newMessage];
		const fourth = await send(JSON.stringify(text), 4);
		const fresh: Answer[] = nodeOutput(fourth.executions[3], 'Reply-Ready Message') ?? [];
		check(
			'examples: inbound messages: a new message comes through with its text',
			fresh.length === 1 &&
				fresh[0].text === newMessage.text.body &&
				fresh[0].type === 'text' &&
				fresh[0].replyTo === newMessage.id &&
				fresh[0].name === 'Sheena Nelson',
			JSON.stringify(fresh),
		);

		// a user with a username, known only by BSUID (from_user_id, no from): `to` is that BSUID
		const bsuidOnly = JSON.parse(fixture('webhooks/messages/bsuid-text.json').toString('utf8'));
		const bsuidMessage = bsuidOnly.entry[0].changes[0].value.messages[0];
		const fifth = await send(JSON.stringify(bsuidOnly), 5);
		const bsuidReady = nodeOutput(fifth.executions[4], 'Reply-Ready Message') ?? [];
		check(
			'examples: inbound messages: a customer known only by BSUID gets a recipient (to = the BSUID, toKind userId)',
			bsuidReady.length === 1 &&
				bsuidReady[0].to === bsuidMessage.from_user_id &&
				bsuidReady[0].toKind === 'userId' &&
				bsuidReady[0].replyTo === bsuidMessage.id,
			JSON.stringify(bsuidReady),
		);

		// a completed Flow (Meta's flow response message webhook): its answers arrive as an object
		const flowDone = fixture('webhooks/messages/interactive-nfm-reply-flow-response.json');
		const flowMessage = (JSON.parse(flowDone.toString('utf8')) as Answer).entry[0].changes[0].value
			.messages[0];
		const answers = JSON.parse(flowMessage.interactive.nfm_reply.response_json) as Answer;
		const sixth = await send(flowDone, 6);
		const [flowItem]: Answer[] =
			nodeOutput(sixth.executions[5], 'WhatsApp Business Account Trigger') ?? [];
		check(
			"examples: inbound messages: a completed Flow's answers (nfm_reply) arrive at the trigger as an object, with the flow token and who answered",
			isDeepStrictEqual(flowItem?.flowResponse, answers) &&
				flowItem?.flowToken === answers.flow_token &&
				flowItem?.customer?.phone === flowMessage.from,
			JSON.stringify(flowItem ?? 'no trigger item').slice(0, 400),
		);

		// 2. Template status changes to a chat.
		const templates = loadExample('template-status-to-chat.json', {
			credentials,
			replace: { 'https://hooks.slack.com/services/REPLACE/WITH/YOURS': `${sink.url}/chat` },
		});
		const templatesCreated = await n8n.importWorkflow(templates);
		const templatesUrl = productionUrl(n8n, templates);
		await waitForWebhook(templatesUrl, verifyToken);
		const sendTemplate = (rel: string, executions: number) =>
			deliver(n8n, {
				workflowId: templatesCreated.id,
				url: templatesUrl,
				body: fixture(rel),
				secret,
				executions,
			});
		await sendTemplate('webhooks/message_template_status_update/approved.json', 0);
		await sendTemplate('webhooks/message_template_status_update/paused-first-pause.json', 1);
		await sendTemplate('webhooks/message_template_status_update/rejected.json', 2);
		const chat = sink.posts.filter((p) => p.path === '/chat');
		const paused = (
			JSON.parse(
				fixture('webhooks/message_template_status_update/paused-first-pause.json').toString('utf8'),
			) as Answer
		).entry[0].changes[0].value;
		check(
			'examples: template status: a paused and a rejected template are posted to the chat, an approved one is not',
			chat.length === 2 &&
				/is now PAUSED/.test(chat[0].body.text) &&
				chat[0].body.text.includes(paused.message_template_name) &&
				/is now REJECTED/.test(chat[1].body.text),
			chat.map((p) => p.body.text).join(' | '),
		);

		// 3. Account health alerts.
		const health = loadExample('account-health-alerts.json', {
			credentials,
			replace: { 'https://alerts.example.com/REPLACE/WITH/YOURS': `${sink.url}/alerts` },
		});
		const healthCreated = await n8n.importWorkflow(health);
		const healthUrl = productionUrl(n8n, health);
		await waitForWebhook(healthUrl, verifyToken);
		const alertsFor: Array<[string, boolean]> = [
			['webhooks/account_update/account-restriction-alternatives.json', true],
			['webhooks/account_update/partner-added-waba-info.json', false],
			['webhooks/account_update/disabled-update-disable.json', true],
			['webhooks/phone_number_quality_update/upgrade-tier-100k.json', false],
			['webhooks/phone_number_quality_update/downgrade.json', true],
			['webhooks/message_template_quality_update/yellow-to-red.json', true],
			['webhooks/account_review_update/approved.json', false],
		];
		let expectedExecutions = 0;
		for (const [rel, alerts] of alertsFor) {
			if (alerts) expectedExecutions += 1;
			await deliver(n8n, {
				workflowId: healthCreated.id,
				url: healthUrl,
				body: fixture(rel),
				secret,
				executions: expectedExecutions,
			});
		}
		const alerts = sink.posts.filter((p) => p.path === '/alerts');
		check(
			'examples: account health: a restriction, a ban, a quality downgrade and a red template alert; partner, upgrade and approval news do not',
			alerts.length === 4 &&
				/ACCOUNT_RESTRICTION \(RESTRICTED_/.test(alerts[0].body.text) &&
				alerts[0].body.severity === 'critical' &&
				/DISABLED_UPDATE/.test(alerts[1].body.text) &&
				/DOWNGRADE/.test(alerts[2].body.text) &&
				alerts[2].body.severity === 'warning' &&
				/RED/.test(alerts[3].body.text),
			alerts
				.map((p) => `${p.body.severity}: ${p.body.text}`)
				.join(' | ')
				.slice(0, 600),
		);

		// 4. Subscribe the app with an override and verify it, run once as a user runs it.
		const subscribe = loadExample('subscribe-app-and-verify-override.json', {
			credentials,
			replace: {
				'https://n8n.example.com/webhook/REPLACE-WITH-YOUR-TRIGGER/webhook': inboundUrl,
				'REPLACE-WITH-YOUR-VERIFY-TOKEN': verifyToken,
			},
		});
		const subscribeCreated = await n8n.importWorkflow(subscribe, { activate: false });
		const run = await n8n.execute(subscribeCreated.id);
		// the execution as n8n saved it, or else as `n8n execute --rawOutput` printed it
		const [saved] = await n8n.waitForExecutions(subscribeCreated.id, 1, {
			timeoutMs: 30_000,
			settleMs: 500,
		});
		const execution = saved ?? printedRun(run.stdout);
		const verified: Answer[] = nodeOutput(execution, 'Override Verified') ?? [];
		const override = graph
			.subscribedApps(WABA_ID)
			.find((a) => a.appId === appId)?.overrideCallbackUri;
		check(
			"examples: subscribe and verify: Meta's challenge answered by the trigger, the override stored and read back as verified",
			run.status === 0 &&
				execution?.status === 'success' &&
				override === inboundUrl &&
				graph.verifications.length === 1 &&
				graph.verifications[0].ok &&
				verified.length === 1,
			`n8n execute exit ${run.status}; execution ${execution?.status}; verification ${JSON.stringify(graph.verifications)}; ${verified[0]?.message ?? (run.stderr || '').slice(-300)}`,
		);
	} finally {
		await sink.close();
		await graph.close();
	}
}
