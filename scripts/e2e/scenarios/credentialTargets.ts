// Issue 30, findings 1 and 2, in a real n8n: n8n's own HTTP Request node using this package's
// API credential as a predefined credential. It works against the Graph stand-in the credential
// names (Graph calls the package does not wrap are a feature users rely on), is refused for
// another loopback host (someone else's listener, or n8n's own webhooks), and a redirect to
// another origin does not carry the token along.
import * as crypto from 'crypto';
import * as http from 'http';
import type { AddressInfo } from 'net';

import { MetaGraphStub } from '../../lib/metaGraphStub';
import type { Credential, WorkflowDefinition } from '../../lib/n8n/client';
import type { N8n } from '../../lib/n8n/instance';
import type { Check, Step } from '../lib/checks';
import { postToWebhook, webhookStartNode } from '../lib/workflows';

const APP = {
	id: '2345678901234567',
	secret: 'f1e2d3c4b5a697887766554433221100',
	name: 'E2E HTTP',
};
const WABA_ID = '102290129340398';

/** A loopback listener recording each request's path and Authorization header; `/hop` redirects to `redirectTo`. */
async function listener(redirectTo?: string) {
	const seen: Array<{ path: string; authorization?: string }> = [];
	const server = http.createServer((req, res) => {
		seen.push({ path: req.url ?? '', authorization: req.headers.authorization });
		if (redirectTo && req.url?.startsWith('/hop'))
			res.writeHead(302, { location: `${redirectTo}/landed` }).end();
		else res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		seen,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

/** Start (Webhook, answers with the last node's items) → HTTP Request with the credential, URL from the POST body. */
function httpRequestWorkflow(path: string, credential: Credential): WorkflowDefinition {
	return {
		name: `E2E: HTTP Request with the Graph credential (${path})`,
		nodes: [
			webhookStartNode(path, { responseMode: 'lastNode', responseData: 'allEntries' }),
			{
				id: crypto.randomUUID(),
				name: 'HTTP Request',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [220, 0],
				// a refusal becomes the item the webhook answers with
				onError: 'continueRegularOutput',
				parameters: {
					url: '={{ $json.body.url }}',
					authentication: 'predefinedCredentialType',
					nodeCredentialType: 'whatsAppBusinessAccountApi',
					options: {},
				},
				credentials: { whatsAppBusinessAccountApi: { id: credential.id, name: credential.name } },
			},
		],
		connections: { Start: { main: [[{ node: 'HTTP Request', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

/** Adds its checks through `check`. */
export async function credentialTargetChecks(
	n8n: N8n,
	{ check, step }: { check: Check; step: Step },
): Promise<void> {
	step("HTTP Request with this package's credential: Meta's hosts only");
	const graph = await MetaGraphStub.start();
	const spy = await listener();
	const redirector = await listener(spy.origin);
	const workflows: string[] = [];
	try {
		graph.addApp(APP);
		graph.addWaba(WABA_ID);
		const token = graph.addSystemUserToken(APP.id);
		const standIn = await n8n.createCredential('E2E HTTP Graph', 'whatsAppBusinessAccountApi', {
			accessToken: token,
			apiVersion: 'v23.0',
			baseUrl: graph.url,
		});
		const redirecting = await n8n.createCredential(
			'E2E HTTP redirecting server',
			'whatsAppBusinessAccountApi',
			{ accessToken: token, apiVersion: 'v23.0', baseUrl: redirector.origin },
		);
		const paths = {
			standIn: `http-graph-${crypto.randomUUID()}`,
			redirect: `http-hop-${crypto.randomUUID()}`,
		};
		for (const [key, credential] of [
			['standIn', standIn],
			['redirect', redirecting],
		] as const) {
			const wf = await n8n.importWorkflow(httpRequestWorkflow(paths[key], credential), {
				activate: true,
			});
			workflows.push(wf.id);
		}
		const run = (key: keyof typeof paths, url: string) =>
			postToWebhook(n8n.baseUrl, paths[key], { url });

		const phoneNumbers = await run('standIn', `${graph.url}/v23.0/${WABA_ID}/phone_numbers`);
		const sent = graph.requests.filter((r) => r.path === `/${WABA_ID}/phone_numbers`);
		check(
			'HTTP Request with the credential reaches a Graph endpoint of the stand-in the credential names, with its token',
			phoneNumbers.status === 200 &&
				/"data"/.test(phoneNumbers.text) &&
				sent.length === 1 &&
				sent[0].authorization === `Bearer ${token}`,
			`HTTP ${phoneNumbers.status}: ${phoneNumbers.text.slice(0, 200)}; stand-in saw ${sent.length}`,
		);

		for (const [what, url] of [
			['another loopback host', `${spy.origin}/collect`],
			["n8n's own webhooks", `${n8n.baseUrl}/webhook/${paths.redirect}`],
		] as const) {
			const before = spy.seen.length;
			const refused = await run('standIn', url);
			check(
				`HTTP Request with the credential is refused for ${what}, nothing sent there`,
				refused.status === 200 &&
					refused.text.includes('Refused to send this credential') &&
					refused.text.includes(
						`and sends its secrets nowhere else, not to ${new URL(url).origin}`,
					) &&
					spy.seen.length === before,
				`HTTP ${refused.status}: ${refused.text.slice(0, 300)}`,
			);
		}

		const hop = await run('redirect', `${redirector.origin}/hop`);
		const landed = spy.seen.find((r) => r.path === '/landed');
		check(
			'a redirect to another origin is followed without the token',
			redirector.seen.some((r) => r.path === '/hop' && r.authorization === `Bearer ${token}`) &&
				landed !== undefined &&
				landed.authorization === undefined,
			`HTTP ${hop.status}: ${hop.text.slice(0, 200)}; landed with ${JSON.stringify(landed)}`,
		);
	} finally {
		for (const id of workflows)
			await n8n.api('POST', `/workflows/${id}/deactivate`, {}, { expect: [200] }).catch(() => {});
		await spy.close();
		await redirector.close();
		await graph.close();
	}
}
